import { Badge, Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useClassViewClasses } from '../../api/class-view.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';

/**
 * /class-view — the classes the signed-in person may open. A class teacher of exactly one class goes straight to
 * it; an administrator sees every class of the year.
 */
export default function ClassViewListPage() {
  const { t } = useTranslation('classView');
  const me = useCurrentMe();
  const isAdmin = me.capabilities.manageJournal;
  const list = useClassViewClasses(me.capabilities.useJournal);
  if (!me.capabilities.useJournal) return <NoAccess />;
  if (list.isPending) return <PageLoader />;
  if (list.error) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const mine = items.filter((c) => c.mine);
  if (!isAdmin && mine.length === 1 && mine[0]) return <Navigate to={`/class-view/${mine[0].id}`} replace />;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>{t('list.title')}</Title>
        <Text size="sm" c="dimmed">
          {isAdmin ? t('list.adminIntro') : t('list.intro')}
        </Text>
      </Stack>
      {items.length === 0 ? (
        <EmptyPage title={t('list.empty')} />
      ) : (
        <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="sm">
          {items.map((c) => (
            <UnstyledButton
              key={c.id}
              component={Link}
              to={`/class-view/${c.id}`}
              data-testid={`cv-class-${c.id}`}
              style={{ display: 'block' }}
            >
              <Card withBorder radius="md" padding="sm" h="100%">
                <Stack gap={4}>
                  <Group justify="space-between" gap={4}>
                    <Text fw={700} size="lg">
                      {c.label}
                    </Text>
                    {c.mine && isAdmin && (
                      <Badge size="xs" variant="light">
                        {t('list.mine')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {c.classTeacherName
                      ? t('list.classTeacher', { name: c.classTeacherName })
                      : t('list.noClassTeacher')}
                  </Text>
                </Stack>
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
