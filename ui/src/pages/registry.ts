/**
 * The pages the route chooses from once the server is unsealed and a token is in the tab (init,
 * unseal and login are gates the shell shows by the server's state, not routes). To add a page:
 * one module under pages/ exporting a component of PageProps, one entry here; it is reached at
 * `#/<id>/<rest…>` (route.rest holds the segments after the id) and listed in the navigation when
 * `nav` is true. Its API calls go in an api/<area>.ts module over ApiClient.
 */
import type { ComponentType } from 'preact';
import { SecretsPage } from './secrets.js';
import { PoliciesPage } from './policies.js';
import { StatusPage } from './status.js';
import { TransitPage } from './transit.js';
import type { PageProps } from './types.js';

export interface PageDef {
  id: string;
  title: string;
  nav: boolean;
  component: ComponentType<PageProps>;
}

export const PAGES: readonly PageDef[] = [
  { id: 'status', title: 'Status', nav: true, component: StatusPage },
  { id: 'secrets', title: 'Secrets', nav: true, component: SecretsPage },
  { id: 'transit', title: 'Transit', nav: true, component: TransitPage },
  { id: 'policies', title: 'Policies', nav: true, component: PoliciesPage },
];

export const DEFAULT_PAGE = 'status';

export function findPage(id: string): PageDef | undefined {
  return PAGES.find((p) => p.id === id);
}
