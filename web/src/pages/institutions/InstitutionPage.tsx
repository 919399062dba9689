import { Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { useInstitution } from '../../api/institutions.js';
import { useCurrentMe } from '../../api/me.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { DistributionSettingCard } from '../diary/DistributionSettingCard.js';
import NotFoundPage from '../NotFoundPage.js';
import { RecoverySettingCard } from '../password/RecoverySettingCard.js';
import { InstitutionActions } from './InstitutionActions.js';
import { InstitutionContents } from './InstitutionContents.js';
import { InstitutionHeader } from './InstitutionHeader.js';

/** /institutions/:id — one node of the tree: where it sits, what it is, what can be done, what is inside. */
export default function InstitutionPage() {
  const me = useCurrentMe();
  const id = Number(useParams().id);
  if (!me.capabilities.browseInstitutions) return <NoAccess />;
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  // A fresh view per node: the search box and open dialogs do not carry over to the next institution.
  return <InstitutionView key={id} id={id} />;
}

function InstitutionView({ id }: { id: number }) {
  const detail = useInstitution(id);
  if (detail.isPending) return <PageLoader />;
  if (detail.isError) return <PageError error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <Stack gap="lg">
      <InstitutionHeader node={detail.data} />
      <InstitutionActions node={detail.data} />
      <InstitutionContents node={detail.data} />
      <RecoverySettingCard institutionId={id} />
      {detail.data.kind === 'school' && <DistributionSettingCard institutionId={id} />}
    </Stack>
  );
}
