package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolvConfTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NONE",
            value = {
                "nameserver 10.0.0.1\\nsearch corp.example.com example.com  | corp.example.com",
                "domain corp.example.com\\nnameserver 10.0.0.1             | corp.example.com",
                "search a.example.com\\ndomain b.example.com               | b.example.com",
                "domain b.example.com\\nsearch a.example.com c.example.com | a.example.com",
                "# search commented.example.com\\nnameserver 1.1.1.1       | NONE",
                "search  corp.example.com   # trailing comment             | corp.example.com",
                "search corp.example.com ; other comment                  | corp.example.com",
                "search . corp.example.com                                 | corp.example.com",
                "search                                                    | NONE",
                "options ndots:2\\nsortlist 10.0.0.0/8                     | NONE",
                "''                                                        | NONE",
            })
    void domainFromResolvConf(String text, String expected) {
        assertEquals(expected, ResolvConf.dnsDomain(text.replace("\\n", "\n")).orElse(null));
    }
}
