package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every builtin through the real sandbox, with good and bad arguments, answering as Chromium's
 * PAC library does (docs/behaviour.md#pac-builtins). Clock: Tuesday 2026-03-10 14:30:15
 * Europe/Paris (13:30:15 GMT); DNS: {@link PacTestSupport#HOSTS}; local addresses 192.168.7.9 and
 * fd00::9. A TypeError shows as "TypeError", a SyntaxError as "SyntaxError", a thrown string as
 * "thrown: " and the string.
 */
class PacBuiltinsTest {

    static String eval(String expression) {
        String source = "function FindProxyForURL(url, host) {\n" + "  try { return String(" + expression
                + "); } catch (e) { return e instanceof Error ? e.name + ': ' + e.message : 'thrown: ' + e; }\n}";
        String raw = PacScript.compile(source, "builtins-test.pac", PacTestSupport.options())
                .evaluate("http://t.example/")
                .raw();
        return raw.startsWith("TypeError") ? "TypeError" : raw.startsWith("SyntaxError") ? "SyntaxError" : raw;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            isPlainHostName("www")                              | true
            isPlainHostName("www.example.com")                  | false
            isPlainHostName("::1")                              | false
            isPlainHostName("fe80::1")                          | false
            isPlainHostName("::192.186.1.1")                    | false
            isPlainHostName("192.168.1.1")                      | false
            isPlainHostName(".")                                | false
            isPlainHostName(".:")                               | false
            isPlainHostName("foopy::1")                         | true
            isPlainHostName("foo:112")                          | true
            isPlainHostName(":")                                | true
            isPlainHostName("[:]")                              | true
            isPlainHostName("[::1]")                            | true
            isPlainHostName("fe80::1%eth0")                     | true
            isPlainHostName("2130706433")                       | false
            isPlainHostName("0x7f000001")                       | false
            isPlainHostName("99999999999")                      | true
            isPlainHostName("+5")                               | true
            isPlainHostName("")                                 | true
            isPlainHostName("foo", "foo", "foo")                | true
            isPlainHostName(1)                                  | TypeError
            isPlainHostName(null)                               | TypeError
            isPlainHostName(function() {})                      | TypeError
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
            shExpMatch("foo.jpg", "*.jpg")                      | true
            shExpMatch("foo5.jpg", "*o?.jpg")                   | true
            shExpMatch("foo.jpg", ".jpg")                       | false
            shExpMatch("foo.jpg", "foo")                        | false
            shExpMatch("a+b(c)", "a+b(c)")                      | false
            shExpMatch("aab", "a+b")                            | true
            shExpMatch("ab", "[ab]b")                           | true
            shExpMatch("x", "^x$")                              | true
            shExpMatch("a", "(")                                | SyntaxError
            shExpMatch("a\\nb", "a?b")                         | false
            shExpMatch("a\\nb", "a*")                          | false
            shExpMatch("", "*")                                 | true
            shExpMatch("aaa", "a*a*a*a")                        | false
            shExpMatch(1, "*")                                  | TypeError
            getClientVersion()                                  | 1.0
            alert("hello from the test")                        | undefined
            """)
    void hostFunctions(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }

    /**
     * Browsers turn the pattern into a RegExp escaping only '.', so '(a|b)' alternates, and a
     * bare '|' splits the anchored expression in two: the first half is only anchored at the
     * start, the second only at the end.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", textBlock = """
            shExpMatch("www.a.com", "www.(a|b).com")        => true
            shExpMatch("www.b.com", "www.(a|b).com")        => true
            shExpMatch("www.c.com", "www.(a|b).com")        => false
            shExpMatch("www.ab.com", "www.(a|b).com")       => false
            shExpMatch("a.corp", "*.(corp|lan)")            => true
            shExpMatch("a.lan", "*.(corp|lan)")             => true
            shExpMatch("a.corp.x", "*.(corp|lan)")          => false
            shExpMatch("x.a.com", "*.a.com|*.b.com")        => true
            shExpMatch("x.b.com", "*.a.com|*.b.com")        => true
            shExpMatch("x.c.com", "*.a.com|*.b.com")        => false
            shExpMatch("a.comXYZ", "a.com|*.b.com")         => true
            shExpMatch("XYZa.com", "a.com|*.b.com")         => false
            """)
    void shExpMatchAlternation(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dnsResolve("intranet.corp.example")                 | 10.1.2.3
            dnsResolve("dual.corp.example")                     | 10.1.2.4
            dnsResolve("v6only.corp.example")                   | null
            dnsResolve("nx.example")                            | null
            dnsResolve("192.0.2.7")                             | 192.0.2.7
            dnsResolve(5)                                       | null
            dnsResolve()                                        | null
            isResolvable("intranet.corp.example")               | true
            isResolvable("v6only.corp.example")                 | false
            isResolvable("nx.example")                          | false
            isResolvable(undefined)                             | false
            isInNet("intranet.corp.example", "10.0.0.0", "255.0.0.0") | true
            isInNet("10.1.2.3", "10.1.0.0", "255.255.0.0")      | true
            isInNet("10.2.2.3", "10.1.0.0", "255.255.0.0")      | false
            isInNet("nx.example", "10.0.0.0", "255.0.0.0")      | false
            isInNet("10.1.2.3", "bad", "255.0.0.0")             | false
            isInNet("10.1.2.3", "10.0.0.0")                     | false
            isInNet("192.89.132.25", "192.89.132.25", "255.255.255.255") | true
            isInNet("193.89.132.25", "192.89.0.0", "255.255.0.0") | false
            isInNet("192.89.132.a", "192.89.0.0", "255.255.0.0") | false
            isInNet("010.1.2.3", "10.0.0.0", "255.0.0.0")       | true
            isInNet(5, "10.0.0.0", "255.0.0.0")                 | false
            myIpAddress()                                       | 192.168.7.9
            myIpAddressEx()                                     | 192.168.7.9;fd00::9
            dnsResolveEx("dual.corp.example")                   | 2001:db8::5;10.1.2.4
            dnsResolveEx("nx.example")                          | ''
            dnsResolveEx(true)                                  | undefined
            dnsResolveEx()                                      | undefined
            isResolvableEx("v6only.corp.example")               | true
            isResolvableEx("nx.example")                        | false
            isResolvableEx()                                    | true
            isResolvableEx(5)                                   | true
            myIpAddressEx("ignored")                            | 192.168.7.9;fd00::9
            isInNetEx("10.1.2.3", "10.0.0.0/8")                 | true
            isInNetEx("10.1.2.3", "10.0.0.0/16")                | false
            isInNetEx("2001:db8::5", "2001:db8::/32")           | true
            isInNetEx("2001:db9::5", "2001:db8::/32")           | false
            isInNetEx("::ffff:10.1.2.3", "10.0.0.0/8")          | true
            isInNetEx("10.1.2.3", "::ffff:10.0.0.0/104")        | true
            isInNetEx("intranet.corp.example", "10.0.0.0/8")    | false
            isInNetEx("10.1.2.3", "10.0.0.0")                   | false
            isInNetEx("10.1.2.3", "10.0.0.0/33")                | false
            isInNetEx("198.95.1.1", "198.95.3.3/16")            | true
            isInNetEx("127.0.0.1", "0:0:0:0:0:0:7f00:1/16")     | true
            isInNetEx("192.168.24.3", "fe80:0:0:0:0:0:c0a8:1803/32") | false
            isInNetEx("127.0.0.1 ", "127.0.0.1/32")             | false
            isInNetEx("256.0.0.1", "198.95.249.79")             | false
            isInNetEx("10.1.2.3")                               | null
            isInNetEx()                                         | null
            isInNetEx(null, null)                               | null
            isInNetEx(null, null, null)                         | null
            sortIpAddressList("10.2.2.2;2001:db8::1;10.1.1.1;::1") | ::1;2001:db8::1;10.1.1.1;10.2.2.2
            sortIpAddressList("::2;::3;::1")                    | ::1;::2;::3
            sortIpAddressList("157.59.139.22;2001:4898:28:3:201:2ff:feea:fc14;fe80::5efe:157:9d3b:8b16") | 2001:4898:28:3:201:2ff:feea:fc14;fe80::5efe:157:9d3b:8b16;157.59.139.22
            sortIpAddressList("10.1.1.1")                       | 10.1.1.1
            sortIpAddressList("::1")                            | ::1
            sortIpAddressList("192.168.1.1;0:0::1")             | 0:0::1;192.168.1.1
            sortIpAddressList("0::1;::1;0:0::1")                | 0::1;::1;0:0::1
            sortIpAddressList(";127.0.0.1;")                    | 127.0.0.1
            sortIpAddressList("192.168.0.1; 192.168.0.2")       | 192.168.0.1;192.168.0.2
            sortIpAddressList("127.0.0.1;\t127.0.0.2;\t 127.0.0.0") | 127.0.0.0;127.0.0.1;127.0.0.2
            sortIpAddressList("10.1.1.1;bogus")                 | false
            sortIpAddressList("256.0.0.1")                      | false
            sortIpAddressList("192.168.1.1;0:0:0:1;127.0.0.1")  | false
            sortIpAddressList("")                               | false
            sortIpAddressList(" ")                              | false
            sortIpAddressList(";")                              | false
            sortIpAddressList(";;")                             | false
            sortIpAddressList(" ;  ; ")                         | false
            sortIpAddressList()                                 | null
            sortIpAddressList(null)                             | null
            sortIpAddressList(null, null)                       | null
            sortIpAddressList(7)                                | null
            sortIpAddressList("10.1.1.1;ü")                     | null
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
            weekdayRange({})                                    | false
            weekdayRange("MON", "TUE", "XYZ")                   | false
            weekdayRange("TUE", "SAT", "XYZ")                   | true
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
            dateRange(1, 2, 3)                                  | true
            dateRange(1, "MAR")                                 | true
            dateRange(9, "JAN")                                 | true
            dateRange(11, "JAN")                                | false
            dateRange(null)                                     | false
            dateRange()                                         | false
            timeRange(14)                                       | true
            timeRange(13)                                       | false
            timeRange(13, "GMT")                                | true
            timeRange(14, "GMT")                                | false
            timeRange(9, 17)                                    | true
            timeRange(22, 6)                                    | false
            timeRange(20, 15)                                   | false
            timeRange(14, 0, 14, 30)                            | true
            timeRange(14, 31, 15, 0)                            | false
            timeRange(14, 30, 15, 14, 30, 15)                   | true
            timeRange(14, 30, 16, 14, 31, 0)                    | false
            timeRange(1, 2, 3)                                  | thrown: timeRange: bad number of arguments
            timeRange()                                         | false
            timeRange({})                                       | false
            """)
    void timeFunctions(String expression, String expected) {
        assertEquals(expected, eval(expression));
    }

    /**
     * The date cases Chromium's own PAC library test pins (pac_library_unittest.js in Chromium's
     * services/proxy_resolver test data), run the way that test runs them: the script replaces the
     * global {@code Date} with a mock whose constructor ignores its arguments and answers a fixed
     * date, and the builtins must read the time through it (the injected clock says 2026).
     * Includes the Netscape quirks of crbug 827292: {@code dateRange(day, month)} is true for
     * every combination, and {@code dateRange(4, "MAR", 2009)} on 3 March 2009 is true.
     */
    @ParameterizedTest(name = "on {0}: {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Tue Mar 03 2009          | weekdayRange("MON", "FRI")     | true
            Tue Mar 03 2009          | weekdayRange("TUE", "FRI")     | true
            Tue Mar 03 2009          | weekdayRange("TUE", "TUE")     | true
            Tue Mar 03 2009          | weekdayRange("SAT", "WED")     | true
            Tue Mar 03 2009          | weekdayRange("TUE")            | true
            Tue Mar 03 2009          | weekdayRange("WED", "FRI")     | false
            Tue Mar 03 2009          | weekdayRange("SUN", "MON")     | false
            Tue Mar 03 2009          | weekdayRange("SAT")            | false
            Tue Mar 03 2009          | weekdayRange("FRI", "MON")     | false
            Tue Mar 03 2009 GMT      | weekdayRange("MON", "FRI", "GMT") | true
            Tue Mar 03 2009 GMT      | weekdayRange("TUE", "GMT")     | true
            Tue Mar 03 2009 GMT      | weekdayRange("WED", "FRI", "GMT") | false
            Tue Mar 03 2009 GMT      | weekdayRange("SAT", "GMT")     | false
            Mar 03 2009              | dateRange(3)                   | true
            Mar 03 2009              | dateRange(1)                   | false
            Mar 03 2009 GMT          | dateRange(3, "GMT")            | true
            Mar 03 2009 GMT          | dateRange(1, "GMT")            | false
            Mar 03 2009              | dateRange(1, 4)                | true
            Mar 03 2009              | dateRange(4, 20)               | false
            Mar 03 2009              | dateRange(3, "MAR")            | true
            Mar 03 2014              | dateRange(3, "MAR")            | true
            Mar 03 2014              | dateRange(2, "MAR")            | true
            Mar 03 2014              | dateRange(3, "JAN")            | true
            Mar 03 2009              | dateRange(3, "MAR", 2009)      | true
            Mar 03 2009              | dateRange(4, "MAR", 2009)      | true
            Mar 03 2009              | dateRange(3, "FEB", 2009)      | true
            Mar 03 2014              | dateRange(3, "MAR", 2009)      | true
            Mar 03 2009              | dateRange("JAN", "MAR")        | true
            Mar 03 2009              | dateRange("MAR", "JAN")        | true
            Mar 03 2009              | dateRange("SEP", "APR")        | true
            Mar 03 2009              | dateRange("FEB", "JAN")        | true
            Mar 03 2009              | dateRange("SEP", "FEB")        | false
            Mar 03 2009              | dateRange("MAR", "APR")        | true
            Mar 03 2009              | dateRange("MAY", "SEP")        | false
            Mar 03 2009              | dateRange(1, "JAN", 3, "MAR")  | true
            Mar 03 2009              | dateRange(3, "MAR", 1, "JAN")  | true
            Mar 03 2009              | dateRange(4, "SEP", 3, "APR")  | true
            Mar 03 2009              | dateRange(4, "FEB", 3, "JAN")  | true
            Mar 03 2009              | dateRange(4, "SEP", 3, "FEB")  | false
            Mar 03 2009              | dateRange(3, "MAR", 4, "SEP")  | true
            Mar 03 2009              | dateRange(4, "MAR", 4, "SEP")  | false
            Mar 03 2009              | dateRange("FEB", 2009, "MAR", 2009) | true
            Apr 03 2009              | dateRange("FEB", 2009, "MAR", 2010) | true
            Apr 03 2009              | dateRange("FEB", 2009, "MAR", 2009) | false
            Mar 03 2009              | dateRange(1, "JAN", 2009, 3, "MAR", 2009) | true
            Mar 03 2009              | dateRange(3, "MAR", 2009, 4, "SEP", 2009) | true
            Mar 03 2009              | dateRange(3, "JAN", 2009, 4, "FEB", 2010) | true
            Mar 03 2009              | dateRange(4, "MAR", 2009, 4, "SEP", 2009) | false
            Mar 03, 2009 03:34:01    | timeRange(3)                   | true
            Mar 03, 2009 03:34:01    | timeRange(2)                   | false
            Mar 03, 2009 03:34:01    | timeRange(2, 3)                | true
            Mar 03, 2009 03:34:01    | timeRange(2, 4)                | true
            Mar 03, 2009 03:34:01    | timeRange(3, 5)                | true
            Mar 03, 2009 03:34:01    | timeRange(1, 2)                | false
            Mar 03, 2009 03:34:01    | timeRange(11, 12)              | false
            Mar 03, 2009 03:34:01    | timeRange(1, 0, 3, 34)         | true
            Mar 03, 2009 03:34:01    | timeRange(3, 34, 1, 0)         | true
            Mar 03, 2009 03:34:01    | timeRange(1, 0, 3, 35)         | true
            Mar 03, 2009 03:34:01    | timeRange(3, 34, 5, 0)         | true
            Mar 03, 2009 03:34:01    | timeRange(1, 0, 3, 0)          | false
            Mar 03, 2009 03:34:01    | timeRange(11, 0, 16, 0)        | false
            Mar 03, 2009 03:34:14    | timeRange(1, 0, 0, 3, 34, 14)  | true
            Mar 03, 2009 03:34:14    | timeRange(1, 0, 0, 3, 34, 0)   | false
            Mar 03, 2009 03:34:14    | timeRange(1, 0, 0, 3, 35, 0)   | true
            Mar 03, 2009 03:34:14    | timeRange(3, 34, 0, 5, 0, 0)   | true
            Mar 03, 2009 03:34:14    | timeRange(1, 0, 0, 3, 0, 0)    | false
            Mar 03, 2009 03:34:14    | timeRange(11, 0, 0, 16, 0, 0)  | false
            """)
    void chromiumDateCasesThroughTheScriptsOwnDate(String now, String expression, String expected) {
        String source = "var RealDate = Date;\n"
                + "Date = function () { return new RealDate('" + now + "'); };\n"
                + "function FindProxyForURL(url, host) { return String(" + expression + "); }";
        String raw = PacScript.compile(source, "mock-date.pac", PacTestSupport.options())
                .evaluate("http://t.example/")
                .raw();
        assertEquals(expected, raw);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            var Date = function () { return new RealDate(2009, 2, 3, 3, 34, 1); }; | 2009 3 3
            Date = function () { return new RealDate(2009, 2, 3, 3, 34, 1); };     | 2009 3 3
            // the standard Date, read at the injected clock                       | 2026 10 14
            """)
    void timeBuiltinsReadTheGlobalDateTheScriptSees(String replacement, String year) {
        String[] expect = year.split(" ");
        String source = "var RealDate = this.Date;\n" + replacement + "\n"
                + "function FindProxyForURL(url, host) { return [dateRange(" + expect[0] + "), dateRange(" + expect[1]
                + "), timeRange(" + expect[2] + "), dateRange(1999)].join(); }";
        String raw = PacScript.compile(source, "date.pac", PacTestSupport.options())
                .evaluate("http://t.example/")
                .raw();
        assertEquals("true,true,true,false", raw);
    }
}
