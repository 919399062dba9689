import { Badge, createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { PageLoader } from './components/PageState.js';
import { RequireAuth } from './components/RequireAuth.js';
import { queryClient } from './lib/queryClient.js';
import HomePage from './pages/HomePage.js';
import NotFoundPage from './pages/NotFoundPage.js';
import ProfilePage from './pages/ProfilePage.js';
import SignInPage from './pages/SignInPage.js';

// Section pages load on first visit; the shell, sign-in and home come with the first download.
const InstitutionsRootPage = lazy(() => import('./pages/institutions/InstitutionsRootPage.js'));
const InstitutionPage = lazy(() => import('./pages/institutions/InstitutionPage.js'));
const PeopleListPage = lazy(() => import('./pages/people/PeopleListPage.js'));
const AddPersonPage = lazy(() => import('./pages/people/AddPersonPage.js'));
const BulkAddPage = lazy(() => import('./pages/people/BulkAddPage.js'));
const PersonPage = lazy(() => import('./pages/people/PersonPage.js'));
const ChildrenPage = lazy(() => import('./pages/children/ChildrenPage.js'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage.js'));
const AgreementsPage = lazy(() => import('./pages/agreements/AgreementsPage.js'));
const CorrectionsPage = lazy(() => import('./pages/corrections/CorrectionsPage.js'));
const TermsPage = lazy(() => import('./pages/agreements/TermsPage.js'));
// Issue 5: the public grade calculator (the assessment engine), usable without signing in.
const CalculatorPage = lazy(() => import('./pages/calculator/CalculatorPage.js'));
const ChangePasswordPage = lazy(() => import('./pages/password/ChangePasswordPage.js'));
const OutboxPage = lazy(() => import('./pages/password/OutboxPage.js'));
// Public pages the mailed links open (and "forgot password?"): outside the signed-in shell.
const ForgotPasswordPage = lazy(() => import('./pages/password/ForgotPasswordPage.js'));
const ResetPasswordPage = lazy(() => import('./pages/password/ResetPasswordPage.js'));
const ConfirmEmailPage = lazy(() => import('./pages/password/ConfirmEmailPage.js'));
const publicPage = (page: ReactNode) => <Suspense fallback={<PageLoader fullScreen />}>{page}</Suspense>;
const SessionsPage = lazy(() => import('./pages/sessions/SessionsPage.js'));
// Issue 8: API clients, a school's connected apps, "Apps with access".
const ApiClientsPage = lazy(() => import('./pages/api-clients/ApiClientsPage.js'));
const SchoolAppsPage = lazy(() => import('./pages/api-clients/SchoolAppsPage.js'));
const MyAppsPage = lazy(() => import('./pages/api-clients/MyAppsPage.js'));
// Issue 4: the school's organisation.
const SchoolYearPage = lazy(() => import('./pages/school-year/SchoolYearPage.js'));
const ClassesPage = lazy(() => import('./pages/classes/ClassesPage.js'));
const ClassPage = lazy(() => import('./pages/classes/ClassPage.js'));
const SubjectsPage = lazy(() => import('./pages/subjects/SubjectsPage.js'));
const TimetableEditorPage = lazy(() => import('./pages/timetable/TimetableEditorPage.js'));
const MyTimetablePage = lazy(() => import('./pages/timetable/MyTimetablePage.js'));
// Issue 7: the student's and parent's diary.
const DiaryPage = lazy(() => import('./pages/diary/DiaryPage.js'));
const NotificationSettingsPage = lazy(() => import('./pages/notifications/NotificationSettingsPage.js'));
const ContactConfirmPage = lazy(() => import('./pages/notifications/ContactConfirmPage.js'));
const ImportsPage = lazy(() => import('./pages/imports/ImportsPage.js'));
const ImportJobPage = lazy(() => import('./pages/imports/ImportJobPage.js'));
// Issue 5: the teacher's journal.
const JournalListPage = lazy(() => import('./pages/journal/JournalListPage.js'));
const JournalPage = lazy(() => import('./pages/journal/JournalPage.js'));
// Issue 5 §5: the administrator's reports.
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.js'));
// Issue 6 §2: the authorities' anonymised statistics over their schools.
const StatisticsPage = lazy(() => import('./pages/statistics/StatisticsPage.js'));
// Issue 7 §2: the system newsletter (agreement 4.16), sent by authority administrators.
const NewslettersPage = lazy(() => import('./pages/newsletters/NewslettersPage.js'));
// Issue 5 §5: the class teacher's view.
const ClassViewListPage = lazy(() => import('./pages/class-view/ClassViewListPage.js'));
const ClassViewPage = lazy(() => import('./pages/class-view/ClassViewPage.js'));

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji"',
  components: {
    // Long Kazakh and Russian labels read badly in capitals.
    Badge: Badge.extend({ defaultProps: { tt: 'none' } }),
  },
});

export default function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/terms" element={publicPage(<TermsPage />)} />
              <Route path="/calculator" element={publicPage(<CalculatorPage />)} />
              <Route path="/forgot-password" element={publicPage(<ForgotPasswordPage />)} />
              <Route path="/reset-password" element={publicPage(<ResetPasswordPage />)} />
              <Route path="/confirm-email" element={publicPage(<ConfirmEmailPage />)} />
              <Route path="/contacts/confirm" element={publicPage(<ContactConfirmPage />)} />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<HomePage />} />
                <Route path="profile" element={<ProfilePage />} />
                <Route path="account/password" element={<ChangePasswordPage />} />
                <Route path="dev/outbox" element={<OutboxPage />} />
                <Route path="sessions" element={<SessionsPage />} />
                <Route path="api-clients" element={<ApiClientsPage />} />
                <Route path="school/apps" element={<SchoolAppsPage />} />
                <Route path="settings/apps" element={<MyAppsPage />} />
                <Route path="institutions" element={<InstitutionsRootPage />} />
                <Route path="institutions/:id" element={<InstitutionPage />} />
                <Route path="people" element={<PeopleListPage />} />
                <Route path="people/new" element={<AddPersonPage />} />
                <Route path="people/bulk" element={<BulkAddPage />} />
                <Route path="people/:id" element={<PersonPage />} />
                <Route path="children" element={<ChildrenPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="agreements" element={<AgreementsPage />} />
                <Route path="corrections" element={<CorrectionsPage />} />
                <Route path="school-year" element={<SchoolYearPage />} />
                <Route path="classes" element={<ClassesPage />} />
                <Route path="classes/:id" element={<ClassPage />} />
                <Route path="subjects" element={<SubjectsPage />} />
                <Route path="timetable" element={<TimetableEditorPage />} />
                <Route path="my-timetable" element={<MyTimetablePage />} />
                <Route path="diary" element={<DiaryPage />} />
                <Route path="settings/notifications" element={<NotificationSettingsPage />} />
                <Route path="imports" element={<ImportsPage />} />
                <Route path="imports/:id" element={<ImportJobPage />} />
                <Route path="journal" element={<JournalListPage />} />
                <Route path="journal/:assignmentId" element={<JournalPage />} />
                <Route path="reports" element={<ReportsPage />} />
                <Route path="statistics" element={<StatisticsPage />} />
                <Route path="newsletters" element={<NewslettersPage />} />
                <Route path="class-view" element={<ClassViewListPage />} />
                <Route path="class-view/:classId" element={<ClassViewPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}
