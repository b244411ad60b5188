import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { SignUpPage } from './auth/SignUpPage';
import { LoginPage } from './auth/LoginPage';
import { ChatPage } from './chat/ChatPage';
import { Dashboard } from './dashboard/Dashboard';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import catalogue from './catalogue';
import estimates from './estimates';
import leads from './leads';
import projects from './projects';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { queryClient } from './providers/queryClient';
import { SettingsPage } from './settings/SettingsPage';
import { ProfilePage } from './people/ProfilePage';
import transactions from './transactions';
import users from './users';

export const App = () => (
  <Admin
    title="Renovation CRM"
    dataProvider={dataProvider}
    queryClient={queryClient}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    layout={Layout}
    loginPage={LoginPage}
    theme={theme}
    disableTelemetry
  >
    {(role) => (
      <>
        <Resource name="leads" {...leads} />
        <Resource name="projects" {...projects} />
        <Resource name="transactions" {...transactions} />
        <Resource name="catalog-items" {...catalogue} />
        <Resource name="estimates" {...estimates} />
        {role === 'admin' && <Resource name="users" {...users} />}
        <Resource name="stages" />
        <Resource name="daily-reports" />
        <Resource name="change-requests" />
        <Resource name="documents" />
        <Resource name="chat-messages" />
        <Resource name="organizations" />
        <CustomRoutes>
          <Route path="/chat" element={<ChatPage />} />
          <Route path="/profile" element={<ProfilePage />} />
        </CustomRoutes>
        {role === 'admin' && (
          <CustomRoutes>
            <Route path="/settings" element={<SettingsPage />} />
          </CustomRoutes>
        )}
      </>
    )}
    <CustomRoutes noLayout>
      <Route path="/sign-up" element={<SignUpPage />} />
    </CustomRoutes>
  </Admin>
);
