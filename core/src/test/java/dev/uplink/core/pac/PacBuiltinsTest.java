package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every builtin through the real sandbox, with good and bad arguments. Clock: Tuesday 2026-03-10
 * 14:30:15 Europe/Paris (13:30:15 GMT); DNS: {@link PacTestSupport#HOSTS}; local addresses
 * 192.168.7.9 and fd00::9. A TypeError shows as "TypeError".
 */
class PacBuiltinsTest {

    static String eval(String expression) {
        String source = "function FindProxyForURL(url, host) {\n" + "  try { return String(" + expression
                + "); } catch (e) { return e.name + ': ' + e.message; }\n}";
        String raw = PacScript.compile(source, "builtins-test.pac", PacTestSupport.options())
                .evaluate("http://t.example/")
                .raw();
        return raw.startsWith("TypeError") ? "TypeError" : raw;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            isPlainHostName("www")                              | true
            isPlainHostName("www.example.com")                  | false
            isPlainHostName("::1")                              | false
            isPlainHostName("fe80::1")                          | false
            isPlainHostName(1)                                  | TypeError
            isPlainHostName()                                   | TypeError
            dnsDomainIs("www.example.com", ".example.com")      | true
            dnsDomainIs("www", ".example.com")                  | false
            dnsDomainIs("www.example.com", ".EXAMPLE.com")      | false
            dnsDomainIs(null, ".example.com")                   | TypeError
            localHostOrDomainIs("www.example.com", "www.example.com") | true
            localHostOrDomainIs("www", "www.example.com")       | true
            localHostOrDomainIs("www.other.com", "www.example.com") | false
            localHostOrDomainIs("home", "www.example.com")      | false
            localHostOrDomainIs("www", {})                      | TypeError
            dnsDomainLevels("www")                              | 0
            dnsDomainLevels("www.example.com")                  | 2
            dnsDomainLevels([])                                 | TypeError
            shExpMatch("http://a.example.com/x", "*.example.com/*") | true
            shExpMatch("www.example.com", "*.example.com")      | true
            shExpMatch("example.com", "*.example.com")          | false
            shExpMatch("abc", "a?c")                            | true
            shExpMatch("ac", "a?c")                             | false
            shExpMatch("a.b", "a.b")                            | true
            shExpMatch("axb", "a.b")                            | false
            shExpMatch("a+b(c)", "a+b(c)")                      | true
            shExpMatch("", "*")                                 | true
            shExpMatch("aaa", "a*a*a*a")                        | false
            shExpMatch(1, "*")                                  | TypeError
            getClientVersion()                                  | 1.0
            alert("hello from the test")                        | undefined
            """)
    void hostFunctions(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dnsResolve("intranet.corp.example")                 | 10.1.2.3
            dnsResolve("dual.corp.example")                     | 10.1.2.4
            dnsResolve("v6only.corp.example")                   | null
            dnsResolve("nx.example")                            | null
            dnsResolve("192.0.2.7")                             | 192.0.2.7
            dnsResolve(5)                                       | TypeError
            isResolvable("intranet.corp.example")               | true
            isResolvable("v6only.corp.example")                 | false
            isResolvable("nx.example")                          | false
            isResolvable(undefined)                             | TypeError
            isInNet("intranet.corp.example", "10.0.0.0", "255.0.0.0") | true
            isInNet("10.1.2.3", "10.1.0.0", "255.255.0.0")      | true
            isInNet("10.2.2.3", "10.1.0.0", "255.255.0.0")      | false
            isInNet("nx.example", "10.0.0.0", "255.0.0.0")      | false
            isInNet("10.1.2.3", "bad", "255.0.0.0")             | false
            isInNet("10.1.2.3", "10.0.0.0")                     | TypeError
            myIpAddress()                                       | 192.168.7.9
            myIpAddressEx()                                     | 192.168.7.9;fd00::9
            dnsResolveEx("dual.corp.example")                   | 2001:db8::5;10.1.2.4
            dnsResolveEx("nx.example")                          | ''
            dnsResolveEx(true)                                  | TypeError
            isResolvableEx("v6only.corp.example")               | true
            isResolvableEx("nx.example")                        | false
            isInNetEx("10.1.2.3", "10.0.0.0/8")                 | true
            isInNetEx("10.1.2.3", "10.0.0.0/16")                | false
            isInNetEx("2001:db8::5", "2001:db8::/32")           | true
            isInNetEx("2001:db9::5", "2001:db8::/32")           | false
            isInNetEx("::ffff:10.1.2.3", "10.0.0.0/8")          | true
            isInNetEx("10.1.2.3", "::ffff:10.0.0.0/104")        | true
            isInNetEx("intranet.corp.example", "10.0.0.0/8")    | false
            isInNetEx("10.1.2.3", "10.0.0.0")                   | false
            isInNetEx("10.1.2.3", "10.0.0.0/33")                | false
            isInNetEx("10.1.2.3")                               | TypeError
            sortIpAddressList("10.2.2.2;2001:db8::1;10.1.1.1;::1") | ::1;2001:db8::1;10.1.1.1;10.2.2.2
            sortIpAddressList("10.1.1.1")                       | 10.1.1.1
            sortIpAddressList("10.1.1.1;bogus")                 | false
            sortIpAddressList("")                               | false
            sortIpAddressList(7)                                | TypeError
            """)
    void addressFunctions(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            weekdayRange("TUE")                                 | true
            weekdayRange("MON")                                 | false
            weekdayRange("MON", "FRI")                          | true
            weekdayRange("SAT", "WED")                          | true
            weekdayRange("WED", "SAT")                          | false
            weekdayRange("TUE", "GMT")                          | true
            weekdayRange("MON", "TUE", "GMT")                   | true
            weekdayRange("tue")                                 | false
            weekdayRange("XYZ")                                 | false
            weekdayRange()                                      | false
            weekdayRange({})                                    | TypeError
            dateRange(10)                                       | true
            dateRange(11)                                       | false
            dateRange("MAR")                                    | true
            dateRange("APR")                                    | false
            dateRange(2026)                                     | true
            dateRange(2025)                                     | false
            dateRange(1, 15)                                    | true
            dateRange(11, 20)                                   | false
            dateRange("FEB", "APR")                             | true
            dateRange("NOV", "FEB")                             | false
            dateRange("NOV", "MAR")                             | true
            dateRange(1, "MAR", 31, "MAR")                      | true
            dateRange(11, "MAR", 9, "MAR")                      | false
            dateRange(1, "JAN", 2026, 31, "DEC", 2026)          | true
            dateRange("JAN", 2025, "DEC", 2025)                 | false
            dateRange(2025, 2027)                               | true
            dateRange(10, "GMT")                                | true
            dateRange(1, 2, 3)                                  | false
            dateRange(1, "MAR")                                 | false
            dateRange(null)                                     | TypeError
            timeRange(14)                                       | true
            timeRange(13)                                       | false
            timeRange(13, "GMT")                                | true
            timeRange(14, "GMT")                                | false
            timeRange(9, 17)                                    | true
            timeRange(22, 6)                                    | false
            timeRange(20, 15)                                   | true
            timeRange(14, 0, 14, 30)                            | true
            timeRange(14, 31, 15, 0)                            | false
            timeRange(14, 30, 15, 14, 30, 15)                   | true
            timeRange(14, 30, 16, 14, 31, 0)                    | false
            timeRange(1, 2, 3)                                  | false
            timeRange({})                                       | TypeError
            """)
    void timeFunctions(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }
}
