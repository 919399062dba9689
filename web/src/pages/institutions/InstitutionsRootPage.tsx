import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useInstitutions } from '../../api/institutions.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';

/** /institutions: the top of the actor's scope (GET /institutions without parentId) is where browsing starts. */
export default function InstitutionsRootPage() {
  const { t } = useTranslation('institutions');
  const me = useCurrentMe();
  const top = useInstitutions({}, { enabled: me.capabilities.browseInstitutions });

  if (!me.capabilities.browseInstitutions) return <NoAccess />;
  if (top.isPending) return <PageLoader />;
  if (top.isError) return <PageError error={top.error} onRetry={() => void top.refetch()} />;
  const first = top.data[0];
  if (!first) return <EmptyPage title={t('emptyScope')} />;
  return <Navigate to={`/institutions/${first.id}`} replace />;
}
