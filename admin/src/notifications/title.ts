/** "(3) Renovation CRM": the unread count in front of the tab title, replacing an earlier count. */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(/^\(\d+\+?\)\s*/, '');
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base;
}
