import type { Tab } from "./detail-state.ts";

export interface TabSpec {
  id: Tab;
  label: string;
  count?: number;
}

export function TabStrip({ tabs, active, onSelect }: { tabs: readonly TabSpec[]; active: Tab; onSelect: (tab: Tab) => void }) {
  return (
    <div className="mk-tabs" role="tablist" aria-label="Component">
      {tabs.map((tab) => (
        <button key={tab.id} type="button" role="tab" aria-selected={tab.id === active} className={tab.id === active ? "active" : undefined} onClick={() => onSelect(tab.id)}>
          {tab.label}
          {tab.count !== undefined ? <span className="mk-tab-count">{tab.count}</span> : null}
        </button>
      ))}
    </div>
  );
}
