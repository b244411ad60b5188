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

// Pages never grow wider than the screen: content that is wide (tabs, tables) scrolls inside itself.
const LAYOUT_SX = {
  minWidth: 0,
  '& .RaLayout-content': { minWidth: 0 },
  '& .RaList-main, & .RaShow-main, & .RaEdit-main, & .RaCreate-main': { minWidth: 0 },
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <EventStreamProvider>
    <RaLayout menu={Menu} appBar={CrmAppBar} sx={LAYOUT_SX}>
      <SandboxBanner />
      {children}
    </RaLayout>
  </EventStreamProvider>
);
