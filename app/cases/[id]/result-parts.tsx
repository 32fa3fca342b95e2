"use client";
import { artifactsOf, chartOf } from "../../../server/cases/tool-result-parts.ts";
import { ArtifactView } from "./artifact-view.tsx";
import { ResultChart } from "./result-chart.tsx";

/** The artifacts and the chart a tool result carries, shown under its call in the transcript. */
export function ResultParts({ result }: { result: unknown }) {
  const chart = chartOf(result);
  const artifacts = artifactsOf(result);
  if (!chart && artifacts.length === 0) return null;
  return (
    <>
      {chart && <ResultChart chart={chart} />}
      {artifacts.map((artifact) => (
        <ArtifactView key={artifact.uri} artifact={artifact} />
      ))}
    </>
  );
}
