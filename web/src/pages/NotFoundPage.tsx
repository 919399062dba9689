import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyPage } from '../components/PageState.js';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyPage title={t('notFound.title')} text={t('notFound.text')}>
      <Button component={Link} to="/" variant="light" mt="sm">
        {t('notFound.home')}
      </Button>
    </EmptyPage>
  );
}
