// weekdayRange, dateRange and timeRange as browsers run them (docs/behaviour.md#pac-builtins).
// Chromium and Firefox run the Netscape library written in JavaScript, so these are JavaScript
// too: they look up the global Date, parseInt and isNaN at call time (a script that replaces
// Date sees its own clock) and keep Netscape's argument quirks, including the ones Chromium's
// own tests pin (crbug 827292). Evaluated once per script instance; the result is a function
// taking the clock reading (milliseconds, the evaluation's injected clock) and the standard
// Date constructor, and returning the three builtins.
(function (clockMillis, standardDate) {
  var days = {SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6};
  var months = {JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5,
                JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11};

  // "now" through the script's Date; the standard one is read at the injected clock's instant
  function current() {
    return Date === standardDate ? new standardDate(clockMillis()) : new Date();
  }

  function lookup(table, name) {
    return name in table ? table[name] : -1;
  }

  // GMT comparisons move the UTC reading into the local fields, one field after the other
  function toUtcFields(d) {
    d.setFullYear(d.getUTCFullYear());
    d.setMonth(d.getUTCMonth());
    d.setDate(d.getUTCDate());
    d.setHours(d.getUTCHours());
    d.setMinutes(d.getUTCMinutes());
    d.setSeconds(d.getUTCSeconds());
  }

  function between(from, to, value) {
    if (from <= to) {
      return from <= value && value <= to;
    }
    return to >= value || value >= from;
  }

  function weekdayRange() {
    var now = current();
    var n = arguments.length;
    if (n < 1) {
      return false;
    }
    var today;
    if (arguments[n - 1] == 'GMT') {
      n--;
      today = now.getUTCDay();
    } else {
      today = now.getDay();
    }
    var first = lookup(days, arguments[0]);
    var last = n == 2 ? lookup(days, arguments[1]) : first;
    if (first == -1 || last == -1) {
      return false;
    }
    return between(first, last, today);
  }

  function dateRange() {
    var now = current();
    var n = arguments.length;
    if (n < 1) {
      return false;
    }
    var gmt = arguments[n - 1] == 'GMT';
    if (gmt) {
      n--;
    }
    if (n == 1) {
      var only = parseInt(arguments[0]);
      if (isNaN(only)) {
        return (gmt ? now.getUTCMonth() : now.getMonth()) == lookup(months, arguments[0]);
      }
      if (only < 32) {
        return (gmt ? now.getUTCDate() : now.getDate()) == only;
      }
      return (gmt ? now.getUTCFullYear() : now.getFullYear()) == only;
    }
    var year = now.getFullYear();
    var from = new Date(year, 0, 1, 0, 0, 0);
    var to = new Date(year, 11, 31, 23, 59, 59);
    var half = n >> 1;
    var thisMonth = false;
    var i;
    var v;
    for (i = 0; i < half; i++) {
      v = parseInt(arguments[i]);
      if (isNaN(v)) {
        from.setMonth(lookup(months, arguments[i]));
      } else if (v < 32) {
        thisMonth = n <= 2; // (day1, day2): days of the current month
        from.setDate(v);
      } else {
        from.setFullYear(v);
      }
    }
    for (i = half; i < n; i++) {
      v = parseInt(arguments[i]);
      if (isNaN(v)) {
        to.setMonth(lookup(months, arguments[i]));
      } else if (v < 32) {
        to.setDate(v);
      } else {
        to.setFullYear(v);
      }
    }
    if (thisMonth) {
      from.setMonth(now.getMonth());
      to.setMonth(now.getMonth());
    }
    if (gmt) {
      toUtcFields(now);
    }
    return between(from, to, now);
  }

  function timeRange() {
    var n = arguments.length;
    var now = current();
    var gmt = false;
    if (n < 1) {
      return false;
    }
    if (arguments[n - 1] == 'GMT') {
      gmt = true;
      n--;
    }
    var hour = gmt ? now.getUTCHours() : now.getHours();
    var from = current();
    var to = current();
    if (n == 1) {
      return hour == arguments[0];
    }
    if (n == 2) {
      return arguments[0] <= hour && hour <= arguments[1];
    }
    if (n == 6) {
      from.setSeconds(arguments[2]);
      to.setSeconds(arguments[5]);
    } else if (n != 4) {
      throw 'timeRange: bad number of arguments';
    }
    var middle = n >> 1;
    from.setHours(arguments[0]);
    from.setMinutes(arguments[1]);
    to.setHours(arguments[middle]);
    to.setMinutes(arguments[middle + 1]);
    if (middle == 2) {
      to.setSeconds(59);
    }
    if (gmt) {
      toUtcFields(now);
    }
    return between(from, to, now);
  }

  return {weekdayRange: weekdayRange, dateRange: dateRange, timeRange: timeRange};
})
