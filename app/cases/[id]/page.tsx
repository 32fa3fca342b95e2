import type { Metadata } from "next";
import { CasePage } from "./case-page.tsx";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${(await params).id} · Cases · Switchyard` };
}

export default async function CaseRoute({ params }: { params: Params }) {
  return <CasePage id={(await params).id} />;
}
