import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireRole } from './components/RequireRole';
import { LoginPage } from './pages/LoginPage';
import { PageSpin } from './components/PageSpin';

// Each area is its own chunk: an agent never downloads the charts of the dashboard.
const ReviewPage = lazy(() => import('./pages/agent/ReviewPage'));
const StatsPage = lazy(() => import('./pages/supervisor/StatsPage'));
const AuditPage = lazy(() => import('./pages/supervisor/AuditPage'));
const BrandingPage = lazy(() => import('./pages/admin/BrandingPage'));
const PolicyPage = lazy(() => import('./pages/admin/PolicyPage'));
const AgentsPage = lazy(() => import('./pages/admin/AgentsPage'));
const DashboardPage = lazy(() => import('./pages/admin/DashboardPage'));
const ImportPage = lazy(() => import('./pages/admin/ImportPage'));
const CampaignsPage = lazy(() => import('./pages/admin/CampaignsPage'));
const OfficialAccountPage = lazy(() => import('./pages/admin/OfficialAccountPage'));

const page = (node: ReactNode) => <Suspense fallback={<PageSpin />}>{node}</Suspense>;

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/review" replace /> },
      { path: 'review', element: page(<ReviewPage />) },
      { path: 'review/:caseId', element: page(<ReviewPage />) },
      {
        path: 'supervisor/stats',
        element: <RequireRole role="supervisor">{page(<StatsPage />)}</RequireRole>,
      },
      {
        path: 'supervisor/audit',
        element: <RequireRole role="supervisor">{page(<AuditPage />)}</RequireRole>,
      },
      {
        path: 'supervisor/audit/:caseId',
        element: <RequireRole role="supervisor">{page(<AuditPage />)}</RequireRole>,
      },
      {
        path: 'admin/dashboard',
        element: <RequireRole role="supervisor">{page(<DashboardPage />)}</RequireRole>,
      },
      {
        path: 'admin/branding',
        element: <RequireRole role="carrier_admin">{page(<BrandingPage />)}</RequireRole>,
      },
      {
        path: 'admin/policy',
        element: <RequireRole role="carrier_admin">{page(<PolicyPage />)}</RequireRole>,
      },
      {
        path: 'admin/agents',
        element: <RequireRole role="carrier_admin">{page(<AgentsPage />)}</RequireRole>,
      },
      {
        path: 'admin/imports',
        element: <RequireRole role="carrier_admin">{page(<ImportPage />)}</RequireRole>,
      },
      {
        path: 'admin/campaigns',
        element: <RequireRole role="carrier_admin">{page(<CampaignsPage />)}</RequireRole>,
      },
      {
        path: 'admin/campaigns/:campaignId',
        element: <RequireRole role="carrier_admin">{page(<CampaignsPage />)}</RequireRole>,
      },
      {
        path: 'admin/wechat',
        element: <RequireRole role="carrier_admin">{page(<OfficialAccountPage />)}</RequireRole>,
      },
      { path: '*', element: <Navigate to="/review" replace /> },
    ],
  },
];
