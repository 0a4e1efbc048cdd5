package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacPurityAnalyserTest {

    /** Each row: the body of FindProxyForURL (after optional top-level code before '##'), memoised?, reason fragment. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            return "DIRECT";                                                         | true  | depends only on
            if (shExpMatch(host, "*.example.com")) return "PROXY p:1"; return "DIRECT"; | true | depends only on
            var TABLE = {"a.example": 1}; ## return TABLE.hasOwnProperty(host) ? "DIRECT" : "PROXY p:1"; | true | depends only on
            var parts = host.split("."); parts.reverse(); return parts.length > 2 ? "DIRECT" : "PROXY p:1"; | true | depends only on
            var h = host; while (h.indexOf(".") >= 0) h = h.substring(1); return "DIRECT";  | true | depends only on
            return host.split(".").reverse().join(".") == "x" ? "DIRECT" : "PROXY p:1";   | true | depends only on
            if (/^10\\./.test(host)) return "DIRECT"; return "PROXY p:1";                 | true | depends only on
            var n = Math.floor(host.length / 2); return "DIRECT";                          | true | depends only on
            var re = new RegExp("^a", "i"); return re.test(host) ? "DIRECT" : "PROXY p:1"; | true | depends only on
            return isInNet(host, "10.0.0.0", "255.0.0.0") ? "DIRECT" : "PROXY p:1";       | false | uses isInNet
            return dnsResolve(host) ? "DIRECT" : "PROXY p:1";                              | false | uses dnsResolve
            return isResolvable(host) ? "DIRECT" : "PROXY p:1";                            | false | uses isResolvable
            return isResolvableEx(host) ? "DIRECT" : "PROXY p:1";                          | false | uses isResolvableEx
            return dnsResolveEx(host) ? "DIRECT" : "PROXY p:1";                            | false | uses dnsResolveEx
            return myIpAddress() == "1.2.3.4" ? "DIRECT" : "PROXY p:1";                    | false | uses myIpAddress
            return myIpAddressEx() ? "DIRECT" : "PROXY p:1";                               | false | uses myIpAddressEx
            return weekdayRange("MON", "FRI") ? "DIRECT" : "PROXY p:1";                    | false | uses weekdayRange
            return dateRange("JAN") ? "DIRECT" : "PROXY p:1";                              | false | uses dateRange
            return timeRange(9, 17) ? "DIRECT" : "PROXY p:1";                              | false | uses timeRange
            return new Date().getHours() > 12 ? "DIRECT" : "PROXY p:1";                    | false | uses Date
            return Math.random() > 0.5 ? "DIRECT" : "PROXY p:1";                           | false | uses .random
            return Math["ran" + "dom"]() > 0.5 ? "DIRECT" : "PROXY p:1";                   | false | uses Math other than
            var m = Math; return m.random() > 0.5 ? "DIRECT" : "PROXY p:1";                | false | uses Math other than
            alert(host); return "DIRECT";                                                  | false | uses alert
            return eval("1") ? "DIRECT" : "x";                                             | false | uses eval
            var f = Function; return "DIRECT";                                             | false | uses Function
            return this["dnsRe" + "solve"](host) ? "DIRECT" : "x";                         | false | uses 'this'
            return "".constructor.constructor("return 1")() ? "DIRECT" : "x";             | false | uses .constructor
            var count = 0; ## count++; return count > 5 ? "DIRECT" : "PROXY p:1";          | false | increments 'count'
            var last = ""; ## last = host; return "DIRECT";                                | false | assigns 'last'
            var cache = {}; ## cache[host] = 1; return "DIRECT";                           | false | assigns a property
            var seen = []; ## seen.push(host); return "DIRECT";                            | false | calls .push()
            var seen = []; ## var s = seen; s.push(host); return "DIRECT";                 | false | calls .push()
            var seen = []; ## Array.prototype.push.call(seen, host); return "DIRECT";      | false | calls .push()
            var m = new Map(); ## m.set(host, 1); return "DIRECT";                         | false | calls .set()
            var o = {a: 1}; ## delete o.a; return "DIRECT";                                | false | deletes a property
            var RE = /a/g; ## return RE.test(host) ? "DIRECT" : "PROXY p:1";               | false | /g or /y
            var RE = new RegExp("a", "g"); ## return "DIRECT";                             | false | uses RegExp other than
            return RegExp.$1 ? "DIRECT" : "x";                                             | false | uses RegExp other than
            var o = {}; ## with (o) { x = host; } return "DIRECT";                         | false | with
            return globalThis.x ? "DIRECT" : "x";                                          | false | uses globalThis
            var f = (function () { var n = 0; return function () { n++; return n; }; })(); ## return f() > 1 ? "DIRECT" : "x"; | false | increments 'n'
            """)
    void decides(String body, boolean memoised, String reasonFragment) {
        String top = body.contains("##") ? body.substring(0, body.indexOf("##")) : "";
        String inner = body.contains("##") ? body.substring(body.indexOf("##") + 2) : body;
        PacScript script = PacScript.compile(
                top + "\nfunction FindProxyForURL(url, host) { " + inner + " }",
                "purity-test.pac",
                PacTestSupport.options());
        assertEquals(memoised, script.isMemoised(), script.memoisation().reason());
        assertTrue(
                script.memoisation().reason().contains(reasonFragment),
                script.memoisation().reason());
    }
}
