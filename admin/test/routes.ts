import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '@crm/testing/admin-browser';

const src = path.join(root, 'admin/src');

interface ResourceViews {
  name: string;
  views: Array<'list' | 'create' | 'edit' | 'show'>;
}

/**
 * The back office's routes as App.tsx registers them: each <Resource name="x" {...module} /> with the
 * views its module exports (read from the module's index.ts), and every custom <Route path>. Read from
 * the source, so a new resource or page is visited by the tests without anyone listing it.
 */
export function registeredRoutes() {
  const app = readFileSync(path.join(src, 'App.tsx'), 'utf8');
  const modules = new Map([...app.matchAll(/^import (\w+) from '\.\/([\w/-]+)';$/gm)].map((m) => [m[1]!, m[2]!]));
  const resources: ResourceViews[] = [...app.matchAll(/<Resource name="([\w-]+)"(?: \{\.\.\.(\w+)\})? \/>/g)].map((m) => {
    const module = m[2] ? modules.get(m[2]) : undefined;
    if (m[2] && !module) throw new Error(`cannot find the module of resource ${m[1]}`);
    const index = module ? readFileSync(path.join(src, module, 'index.ts'), 'utf8') : '';
    const views = (['list', 'create', 'edit', 'show'] as const).filter((view) => new RegExp(`^\\s+${view}:`, 'm').test(index));
    return { name: m[1]!, views };
  });
  const customRoutes = [...app.matchAll(/<Route path="([^"]+)"/g)].map((m) => m[1]!);
  return { resources, customRoutes };
}
