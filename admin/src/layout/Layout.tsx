import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout } from 'react-admin';
import { EventStreamProvider } from '../events/EventStream';
import { Menu } from './Menu';

const CrmAppBar = () => <AppBar color="primary" />;

export const Layout = ({ children }: { children: ReactNode }) => (
  <EventStreamProvider>
    <RaLayout menu={Menu} appBar={CrmAppBar} sx={{ '& .RaLayout-content': { minWidth: 0 } }}>{children}</RaLayout>
  </EventStreamProvider>
);
