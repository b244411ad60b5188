import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { EventStreamProvider } from '../events/EventStream';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => (
  <EventStreamProvider>
    <RaLayout menu={Menu}>{children}</RaLayout>
  </EventStreamProvider>
);
