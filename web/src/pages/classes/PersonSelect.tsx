import type { Profile } from '@common/enums.js';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCurrentMe } from '../../api/me.js';
import { usePersons } from '../../api/persons.js';
import { fullName } from '../people/format.js';

interface Props {
  label: string;
  profile: Profile;
  value: number | null;
  /** The chosen person's name, shown while the search results do not contain them. */
  valueLabel?: string | null;
  onChange: (id: number | null) => void;
  placeholder?: string;
  error?: string;
  clearable?: boolean;
  'data-testid'?: string;
}

/**
 * A person of the context school with the given profile, searched on the server as one types (schools have
 * hundreds of staff and thousands of students: never the whole list at once).
 */
export function PersonSelect({
  label,
  profile,
  value,
  valueLabel,
  onChange,
  placeholder,
  error,
  clearable,
  ...rest
}: Props) {
  const me = useCurrentMe();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const currentLabel = value === null ? null : picked?.value === String(value) ? picked.label : (valueLabel ?? null);
  // Once a person is chosen the box shows their name: that is not a search.
  const [q] = useDebouncedValue(search === currentLabel ? '' : search, 300);
  const people = usePersons({
    profile,
    institutionId: me.context?.institutionId,
    q: q.trim() || undefined,
    limit: 30,
  });
  const options = (people.data?.items ?? []).map((p) => ({ value: String(p.id), label: fullName(p) }));
  if (value !== null && currentLabel && !options.some((o) => o.value === String(value))) {
    options.unshift({ value: String(value), label: currentLabel });
  }
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable={clearable}
      data={options}
      value={value === null ? null : String(value)}
      onChange={(v, option) => {
        setPicked(v && option ? { value: v, label: option.label } : null);
        onChange(v ? Number(v) : null);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered; Mantine's own filter would hide a match on the patronymic.
      filter={({ options: all }) => all}
      nothingFoundMessage="—"
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid={rest['data-testid']}
    />
  );
}
