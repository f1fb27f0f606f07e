// Parse an iCalendar document from stdin with Mozilla ical.js and print,
// per VEVENT, its UID, UTC start and end, STATUS, SEQUENCE, CATEGORIES, URL, ATTACH and
// the calendar's X-WR-CALNAME as JSON.
import { readFileSync } from "node:fs";
import ICAL from "../vendor/ical-2.2.1.mjs";

const text = readFileSync(0, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    url: vevent.getFirstPropertyValue("url"),
    attach: vevent.getAllProperties("attach").map((p) => p.getFirstValue()),
    calname: root.getFirstPropertyValue("x-wr-calname"),
  };
});
process.stdout.write(JSON.stringify(events));
