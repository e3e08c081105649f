"""iCalendar (RFC 5545) feeds of events, for volunteers' and campaigns' calendar subscriptions."""

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent


def events_to_ical(events, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Gongjian//Volunteer events//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@gongjian")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.updated_at)
        entry.add("location", event.address)
        entry.add("description", event.description or event.campaign.title)
        entry.add("status", "CANCELLED" if event.status == event.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()
