import { Suspense, type ReactNode } from 'react';
import { Admin, CustomRoutes, Loading, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { SignUpPage } from './auth/SignUpPage';
import { LoginPage } from './auth/LoginPage';
import { lazyNamed } from './common/lazyNamed';
import { theme } from './layout/theme';
import catalogue from './catalogue';
import estimates from './estimates';
import leads from './leads';
import projects from './projects';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { queryClient } from './providers/queryClient';
import transactions from './transactions';
import users from './users';

// Everything behind the sign-in loads when first shown: the sign-in page needs none of it.
const Layout = lazyNamed(() => import('./layout/Layout'), 'Layout');
const Dashboard = lazyNamed(() => import('./dashboard/Dashboard'), 'Dashboard');
const ChatPage = lazyNamed(() => import('./chat/ChatPage'), 'ChatPage');
const ProfilePage = lazyNamed(() => import('./people/ProfilePage'), 'ProfilePage');
const SettingsPage = lazyNamed(() => import('./settings/SettingsPage'), 'SettingsPage');
const MyTasksPage = lazyNamed(() => import('./tasks/MyTasksPage'), 'MyTasksPage');
const QuickRepliesPage = lazyNamed(() => import('./settings/QuickRepliesPage'), 'QuickRepliesPage');
const PipelineSettingsPage = lazyNamed(() => import('./leads/PipelineSettingsPage'), 'PipelineSettingsPage');
const AppLayout = ({ children }: { children: ReactNode }) => (
  <Suspense fallback={<Loading />}>
    <Layout>{children}</Layout>
  </Suspense>
);

export const App = () => (
  <Admin
    title="Renovation CRM"
    dataProvider={dataProvider}
    queryClient={queryClient}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    layout={AppLayout}
    loginPage={LoginPage}
    theme={theme}
    requireAuth
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
        <Resource name="tasks" />
        <Resource name="notes" />
        <CustomRoutes>
          <Route path="/chat" element={<ChatPage />} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="/tasks" element={<MyTasksPage />} />
          <Route path="/quick-replies" element={<QuickRepliesPage />} />
        </CustomRoutes>
        {role === 'admin' && (
          <CustomRoutes>
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/settings/pipeline" element={<PipelineSettingsPage />} />
          </CustomRoutes>
        )}
      </>
    )}
    <CustomRoutes noLayout>
      <Route path="/sign-up" element={<SignUpPage />} />
    </CustomRoutes>
  </Admin>
);
