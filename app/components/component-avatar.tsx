import { hueOf, initialsOf } from "./format.ts";

/** A coloured tile with the component's initials: components have no icons we would fetch. */
export function ComponentAvatar({ name, title, size = 44 }: { name: string; title: string | null; size?: number }) {
  const label = title ?? name.split("/").at(-1) ?? name;
  const hue = hueOf(name);
  return (
    <span
      className="mk-avatar"
      aria-hidden
      style={{ width: size, height: size, fontSize: size * 0.38, background: `hsl(${hue} 70% 94%)`, color: `hsl(${hue} 55% 32%)`, borderColor: `hsl(${hue} 60% 84%)` }}
    >
      {initialsOf(label)}
    </span>
  );
}
