/**
 * Where a person opens the organization's Mini App: `<public_url>/app/?org=<org_id>`, on one estimate
 * with `&estimate=<id>`. Every button and menu that opens the Mini App takes its address from here.
 */
export function miniAppUrl(publicUrl: string, orgId: number, open: { estimate?: number } = {}): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/app/?org=${orgId}`;
  return open.estimate ? `${base}&estimate=${open.estimate}` : base;
}
