/** Splits a text/event-stream into events as chunks arrive (only `event:` and `data:` matter here). */
export interface SseEvent {
  event: string;
  data: string;
}

export function sseEvents(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let buffer = "";
  let event = "message";
  let data: string[] = [];
  return (chunk) => {
    const lines = (buffer + chunk).split("\n");
    buffer = lines.pop()!;
    for (const raw of lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line === "") {
        if (data.length > 0) onEvent({ event, data: data.join("\n") });
        event = "message";
        data = [];
      } else if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
      else if (line.startsWith("event:")) event = line.slice(6).trim();
    }
  };
}
