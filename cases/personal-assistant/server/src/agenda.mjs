// The assistant's data and operations, apart from MCP: the user's calendar, contacts and
// reminders, seeded from JSON beside the package, changed only while the process runs. Every
// answer is a pure function of the seeded data and the arguments (ids are counters, times are
// local "YYYY-MM-DDTHH:MM" strings, nothing reads the clock), so a scripted agent gets the same
// transcript each run.
import fs from "node:fs";
import path from "node:path";

const DATA_DIR = path.join(import.meta.dirname, "..", "data");

function readJson(name) {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, name), "utf8"));
}

/** A failure the agent can act on: becomes a tool result with isError and this message. */
export class AgendaError extends Error {}

export const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since 1970 for a local time string; AgendaError when it is not a real time. */
export function minutesOf(time, field = "start") {
  const match = TIME.exec(time);
  const [year, month, day, hour, minute] = match ? match.slice(1).map(Number) : [];
  const ms = match ? Date.UTC(year, month - 1, day, hour, minute) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new AgendaError(`${field}: expected a local time like 2025-06-05T14:00, got "${time}"`);
  }
  return ms / 60_000;
}

export function timeOf(minutes) {
  return new Date(minutes * 60_000).toISOString().slice(0, 16);
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function dayName(time) {
  return DAY_NAMES[new Date(minutesOf(time) * 60_000).getUTCDay()];
}

const terms = (text) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export class Agenda {
  constructor() {
    this.events = new Map(readJson("events.json").map((event) => [event.id, event]));
    this.contacts = new Map(readJson("contacts.json").map((contact) => [contact.id, contact]));
    this.reminders = new Map(readJson("reminders.json").map((reminder) => [reminder.id, reminder]));
    /** Messages sent while this process runs. */
    this.outbox = [];
    this.nextId = { event: 107, reminder: 303, message: 401 };
  }

  /** Events overlapping [from, to] (dates, inclusive), whose title, description or location has every word of `query`. */
  listEvents({ from, to, query }) {
    const start = from ? minutesOf(`${from}T00:00`, "from") : -Infinity;
    const end = to ? minutesOf(`${to}T23:59`, "to") : Infinity;
    if (end < start) throw new AgendaError(`to: ${to} is before from: ${from}`);
    const wanted = query ? terms(query) : [];
    const events = [...this.events.values()]
      .filter((event) => minutesOf(event.start) <= end && minutesOf(event.start) + event.durationMinutes >= start)
      .filter((event) => {
        const words = new Set(terms(`${event.title} ${event.description} ${event.location}`));
        return wanted.every((word) => words.has(word));
      })
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
      .map((event) => this.view(event));
    return { events };
  }

  event(id) {
    const event = this.events.get(id);
    if (!event) throw new AgendaError(`No event ${id}. Event ids look like EV-101; list_events shows them.`);
    return event;
  }

  view(event) {
    return {
      ...event,
      day: dayName(event.start),
      end: timeOf(minutesOf(event.start) + event.durationMinutes),
      attendees: event.attendees.map((id) => ({ id, name: this.contacts.get(id)?.name ?? id })),
    };
  }

  /** Free windows of at least `durationMinutes` on `date` between notBefore and notAfter, earliest first. */
  findFreeSlots({ date, durationMinutes, notBefore = "09:00", notAfter = "18:00" }) {
    const dayStart = minutesOf(`${date}T${notBefore}`, "notBefore");
    const dayEnd = minutesOf(`${date}T${notAfter}`, "notAfter");
    if (dayEnd - dayStart < durationMinutes) throw new AgendaError(`There are fewer than ${durationMinutes} minutes between ${notBefore} and ${notAfter}.`);
    const busy = [...this.events.values()]
      .map((event) => [minutesOf(event.start), minutesOf(event.start) + event.durationMinutes])
      .filter(([start, end]) => end > dayStart && start < dayEnd)
      .sort((a, b) => a[0] - b[0]);
    const slots = [];
    let cursor = dayStart;
    for (const [start, end] of [...busy, [dayEnd, dayEnd]]) {
      if (start - cursor >= durationMinutes) slots.push({ start: timeOf(cursor), end: timeOf(start), minutes: start - cursor });
      cursor = Math.max(cursor, end);
    }
    return { date, day: dayName(`${date}T00:00`), durationMinutes, slots };
  }

  /** The first event that overlaps [start, start + duration), other than `except`. */
  conflict(start, durationMinutes, except) {
    const from = minutesOf(start);
    const to = from + durationMinutes;
    return [...this.events.values()].find((event) => event.id !== except && minutesOf(event.start) < to && minutesOf(event.start) + event.durationMinutes > from);
  }

  checkFree(start, durationMinutes, except) {
    const clash = this.conflict(start, durationMinutes, except);
    if (clash) throw new AgendaError(`That time overlaps "${clash.title}" (${clash.start}, ${clash.durationMinutes} min); find_free_slots shows free times.`);
  }

  searchContacts(query) {
    const wanted = terms(query);
    if (wanted.length === 0) throw new AgendaError("query: expected a name, e-mail or word, e.g. Priya");
    const contacts = [...this.contacts.values()].filter((contact) => {
      const words = new Set(terms(`${contact.name} ${contact.email} ${contact.note}`));
      return wanted.every((word) => words.has(word));
    });
    return { contacts };
  }

  contact(id) {
    const contact = this.contacts.get(id);
    if (!contact) throw new AgendaError(`No contact ${id}. Contact ids look like C-201; search_contacts finds them.`);
    return contact;
  }

  listReminders() {
    return { reminders: [...this.reminders.values()].sort((a, b) => minutesOf(a.due) - minutesOf(b.due)) };
  }

  createEvent({ title, start, durationMinutes, attendees = [], location = "", description = "" }) {
    for (const id of attendees) this.contact(id);
    this.checkFree(start, durationMinutes);
    const event = { id: `EV-${this.nextId.event++}`, title, start, durationMinutes, attendees, location, description };
    this.events.set(event.id, event);
    return this.view(event);
  }

  moveEvent(id, start) {
    const event = this.event(id);
    this.checkFree(start, event.durationMinutes, id);
    const moved = { ...event, start };
    this.events.set(id, moved);
    return { event: this.view(moved), from: event.start };
  }

  cancelEvent(id) {
    const event = this.event(id);
    this.events.delete(id);
    return this.view(event);
  }

  sendMessage(contactId, text) {
    const contact = this.contact(contactId);
    const message = { id: `MSG-${this.nextId.message++}`, to: { id: contact.id, name: contact.name, email: contact.email }, text, status: "sent" };
    this.outbox.push(message);
    return message;
  }

  addReminder({ text, due }) {
    minutesOf(due, "due");
    const reminder = { id: `RM-${this.nextId.reminder++}`, text, due, done: false };
    this.reminders.set(reminder.id, reminder);
    return reminder;
  }
}
