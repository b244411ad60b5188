import type { ReactNode } from 'react';
import { AppBar, LoadingIndicator, LocalesMenuButton, Layout as RaLayout, useLocales } from 'react-admin';
import { EventStreamProvider } from '../events/EventStream';
import { NotificationBell } from '../notifications/NotificationBell';
import { Menu } from './Menu';
import { SandboxBanner } from './SandboxBanner';

const Toolbar = () => {
  const locales = useLocales();
  return (
    <>
      <NotificationBell />
      {locales.length > 1 ? <LocalesMenuButton /> : null}
      <LoadingIndicator />
    </>
  );
};

const CrmAppBar = () => <AppBar color="primary" toolbar={<Toolbar />} />;

export const Layout = ({ children }: { children: ReactNode }) => (
  <EventStreamProvider>
    <RaLayout menu={Menu} appBar={CrmAppBar} sx={{ '& .RaLayout-content': { minWidth: 0 } }}><SandboxBanner />{children}</RaLayout>
  </EventStreamProvider>
);
