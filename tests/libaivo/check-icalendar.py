#!/usr/bin/python3
# check-icalendar.py
#
# Copyright 2026 The AIVO Studio Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads AIVO Studio's rotation calendar with a real iCalendar parser
# (Debian's python3-icalendar) and checks it against dates computed here,
# independently of the C code: one VEVENT per key on its due date.
#
#   check-icalendar.py ICALENDAR-SAMPLE-PROGRAM
#
# Output: TAP.

import datetime
import os
import subprocess
import sys
import tempfile

try:
    import icalendar
except ImportError:
    print("1..0 # SKIP python3-icalendar is not installed (build-aux/install-deps installs it)")
    sys.exit(0)

NOW = "2027-01-10T13:30:00Z"
TODAY = datetime.date(2027, 1, 10)
INTERVAL_DAYS = {"production": 90, "development": 30, "testing": 30}

# id, name, environment, created_at, rotation_required
KEYS = [
    ("key_Ab3dEf12", "CRM Integration", "production", "2026-11-26T10:00:00Z", False),
    ("key_Dev00001", "Analytics Script, v2; beta", "development", "2026-12-20T08:00:00Z", False),
    ("key_Test0001", "Website Widget \\ “Ünïcödé” 日本語 🔑" + " long" * 12, "testing", "2027-01-01T00:00:00Z", False),
    ("key_Over0001", "Overdue Cron", "development", "2026-10-01T12:00:00Z", False),
    ("key_Gone0001", "Shared With Priya", "production", "2026-12-01T12:00:00Z", True),
]

results = []


def check(ok, description):
    results.append((bool(ok), description))


def is_utf8(octets):
    try:
        octets.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def due_date(created_at, environment, required):
    if required:
        return TODAY
    created = datetime.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ")
    return (created + datetime.timedelta(days=INTERVAL_DAYS[environment])).date()


def main():
    sample = sys.argv[1]
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "aivo-key-rotation.ics")
        args = [sample, path, NOW, "Built-in Sandbox"]
        for key_id, name, environment, created_at, required in KEYS:
            args += [key_id, name, environment, created_at, "1" if required else "0"]
        env = dict(os.environ, TZ="UTC", LANGUAGE="C")
        subprocess.run(args, check=True, env=env)
        with open(path, "rb") as f:
            data = f.read()

    lines = data.split(b"\r\n")
    check(data.endswith(b"\r\n") and all(b"\n" not in line for line in lines),
          "every line ends with CR LF")
    check(all(len(line) <= 75 for line in lines), "no line is longer than 75 octets")
    check(all(is_utf8(line) for line in lines), "no line splits a UTF-8 sequence")

    calendar = icalendar.Calendar.from_ical(data)
    check(calendar.name == "VCALENDAR", "the file is a VCALENDAR")
    check(str(calendar.get("version")) == "2.0", "VERSION is 2.0")
    check(calendar.get("prodid") is not None, "PRODID is there")
    check(all(not component.errors for component in calendar.walk()),
          "the parser reports no error")

    events = calendar.walk("VEVENT")
    check(len(events) == len(KEYS), "one VEVENT per key (%d)" % len(events))
    by_key = {}
    for event in events:
        uid = str(event.get("uid"))
        by_key.setdefault(uid.split("-")[0], []).append(event)

    for key_id, name, environment, created_at, required in KEYS:
        found = by_key.get(key_id, [])
        check(len(found) == 1, "%s: exactly one event" % key_id)
        if len(found) != 1:
            continue
        event = found[0]
        expected = due_date(created_at, environment, required)
        start = event.get("dtstart").dt
        check(type(start) is datetime.date and start == expected,
              "%s: DTSTART is the date %s (got %r)" % (key_id, expected, start))
        end = event.get("dtend").dt
        check(end == expected + datetime.timedelta(days=1), "%s: an all-day event" % key_id)
        check(str(event.get("uid")) == "%s-%s@aivo-studio" % (key_id, expected.strftime("%Y%m%d")),
              "%s: UID is the key and its due date" % key_id)
        check(str(event.get("summary")) == "Rotate API key “%s” (%s)" % (name, environment),
              "%s: SUMMARY names the key, unescaped intact" % key_id)
        stamp = event.get("dtstamp").dt
        check(stamp == datetime.datetime(2027, 1, 10, 13, 30, tzinfo=datetime.timezone.utc),
              "%s: DTSTAMP is now in UTC" % key_id)
        description = str(event.get("description"))
        check("aivo_" in description and "Built-in Sandbox" in description,
              "%s: DESCRIPTION names the key by its hint and the server" % key_id)
        alarms = event.walk("VALARM")
        if expected > TODAY:
            check(len(alarms) == 1 and alarms[0].get("trigger").dt == datetime.timedelta(days=-7),
                  "%s: an alarm 7 days before" % key_id)
        else:
            check(len(alarms) == 0, "%s: no alarm before a date already reached" % key_id)

    print("1..%d" % len(results))
    for number, (ok, description) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", number, description))
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
