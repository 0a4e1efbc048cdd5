package dev.uplink.core.pac;

import org.junit.jupiter.api.Test;

class PacProbeTest {
    @Test
    void probe() {
        String[] bodies = {
            "return 'PROXY a:1'",
            "return typeof java + typeof Packages + typeof importPackage + typeof getClass + typeof eval + typeof Function",
            "try { return String(this.constructor.constructor('return this')()); } catch (e) { return 'caught ' + e; }",
            "try { return String((function*(){}).constructor('return 1')); } catch (e) { return 'caught ' + e; }",
            "try { String.prototype.indexOf = function(){return 7}; return 'x'.indexOf('y') + ''; } catch (e) { return 'caught ' + e; }",
            "return typeof Script + typeof XML + typeof Continuation + typeof uneval + typeof globalThis + ' ' + Object.getOwnPropertyNames(this).join(',')",
            "try { while(true){} } catch (e) { return 'caught ' + e; }",
            "try { while(true){} } finally { return 'finally'; }",
            "function f(n){return f(n+1)} return f(0)",
            "var s='x'; while(true) s+=s;",
            "var a=[]; while(true) a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'+a.length);",
            "return 'x'.repeat(1e9).length + ''",
            "var s='x'; for (var i=0;i<40;i++) s+=s; return s.indexOf('y')+'';",
            "return [1,2].sort(function f(){ [1,2].sort(f); return 0; }) + ''",
            "return new Array(1e9).join('x').length + ''",
            "var s='x'; for (var i=0;i<29;i++) s+=s; return s.indexOf('y')+'';",
            "var s='x'; for (var i=0;i<29;i++) s+=s; return (s == 'y')+'';",
            "var e = new Error('boom'); return e.message + ' ' + [3,1,2].sort() + ' ' + 'a.b.c'.split('.').reverse().join('.') + JSON.stringify({a:[1]});",
        };
        for (String body : bodies) {
            long t0 = System.nanoTime();
            String r;
            try {
                PacScript s = PacScript.compile("function FindProxyForURL(url, host) { " + body + " }", "probe.pac", PacTestSupport.options());
                r = String.valueOf(s.evaluate("http://x.example/").raw());
            } catch (Throwable e) {
                r = e.toString(); if (body.startsWith("return 'PROXY")) e.printStackTrace(System.out);
            }
            System.out.printf("%-60.60s => %s (%d ms)%n", body, r.length() > 300 ? r.substring(0, 300) : r, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
