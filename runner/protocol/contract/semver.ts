import type { ContractChange } from "./change.ts";

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers, e.g. ["beta", "1"]; empty for a release. Build metadata is dropped. */
  prerelease: string[];
}

export type Bump = "major" | "minor" | "patch" | "none";

export type PublishCheck =
  | { ok: true; overridden: false }
  /** Forced past breaking changes: the caller records `breaking` with the version. */
  | { ok: true; overridden: true; breaking: ContractChange[]; message: string }
  | { ok: false; reason: "invalid_version" | "not_newer" | "breaking_change"; breaking: ContractChange[]; message: string };

// semver.org's recommended pattern.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch, prerelease: match[4]?.split(".") ?? [] };
}

/** Semver precedence: negative when a comes first. 1.2.0-beta.2 < 1.2.0-beta.10 < 1.2.0-rc.1 < 1.2.0. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release ranks above its own pre-releases.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifier(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  // Numeric identifiers have no leading zeros, so length then text orders them without overflowing a number.
  if (aNumeric && bNumeric) return a.length - b.length || compareText(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * breaking → major, compatible → minor, cosmetic → patch, no change → none.
 * The 0.x rule: below 1.0.0 nothing is promised to be stable (semver §4), and like npm's caret
 * ranges (^0.3.1 accepts 0.3.x only) we treat the minor as the breaking position there, so on a
 * 0.x version a breaking change needs a minor bump (0.3.1 → 0.4.0) rather than 1.0.0.
 */
export function suggestBump(changes: readonly ContractChange[], previousVersion?: string): Bump {
  const kinds = new Set(changes.map((change) => change.kind));
  if (kinds.has("breaking")) return breakingBump(previousVersion === undefined ? undefined : parseVersion(previousVersion));
  if (kinds.has("compatible")) return "minor";
  return kinds.has("cosmetic") ? "patch" : "none";
}

/**
 * Refuses a version that is not newer than the previous one (force does not help: versions only go
 * up), and a breaking change released as less than its required bump unless forced. Pre-releases
 * of the same version promise nothing to each other (semver §9), so they may break freely.
 */
export function checkPublish(
  previousVersion: string,
  nextVersion: string,
  changes: readonly ContractChange[],
  options: { force?: boolean } = {},
): PublishCheck {
  const previous = parseVersion(previousVersion);
  const next = parseVersion(nextVersion);
  if (previous === undefined || next === undefined) {
    const invalid = previous === undefined ? previousVersion : nextVersion;
    return refuse("invalid_version", `"${invalid}" is not a semantic version such as 1.4.0 or 2.0.0-beta.1`);
  }
  if (compareVersions(next, previous) <= 0) {
    return refuse("not_newer", `${nextVersion} is not newer than the latest published version ${previousVersion}`);
  }
  const breaking = changes.filter((change) => change.kind === "breaking");
  const required = breakingBump(previous);
  const released = releaseBump(previous, next);
  if (breaking.length === 0 || BUMP_RANK[released] >= BUMP_RANK[required] || arePrereleasesOfOneVersion(previous, next)) {
    return { ok: true, overridden: false };
  }
  const message = [
    `${nextVersion} is a ${released} release after ${previousVersion}, but the contract has ${breaking.length} breaking ` +
      `change${breaking.length === 1 ? "" : "s"}; publish it as ${bumped(previous, required)} or force it:`,
    ...breaking.map((change) => `  - ${change.message}`),
  ].join("\n");
  if (options.force === true) return { ok: true, overridden: true, breaking, message };
  return { ok: false, reason: "breaking_change", breaking, message };
}

function refuse(reason: "invalid_version" | "not_newer", message: string): PublishCheck {
  return { ok: false, reason, breaking: [], message };
}

function breakingBump(previous: Version | undefined): "major" | "minor" {
  return previous?.major === 0 ? "minor" : "major";
}

/**
 * The first of major/minor/patch that grew. A pre-release turning into its release
 * (2.0.0-rc.1 → 2.0.0) grows none, so it counts as the bump its number stands for: x.0.0 a major,
 * x.y.0 a minor, x.y.z a patch (as npm's semver.diff does).
 */
function releaseBump(previous: Version, next: Version): Bump {
  if (next.major !== previous.major) return "major";
  if (next.minor !== previous.minor) return "minor";
  if (next.patch !== previous.patch) return "patch";
  if (next.patch !== 0) return "patch";
  return next.minor === 0 ? "major" : "minor";
}

function arePrereleasesOfOneVersion(previous: Version, next: Version): boolean {
  const sameRelease = previous.major === next.major && previous.minor === next.minor && previous.patch === next.patch;
  return sameRelease && previous.prerelease.length > 0 && next.prerelease.length > 0;
}

function bumped(version: Version, bump: "major" | "minor"): string {
  return bump === "major" ? `${version.major + 1}.0.0` : `${version.major}.${version.minor + 1}.0`;
}
