import type { CatalogueItemView } from '@crm/contracts';
import { useState } from 'react';
import { Autocomplete, Box, TextField, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/EnumField';
import { useMoneyFormat } from '../common/money';

type CatalogueItem = CatalogueItemView;

interface Props {
  id: string;
  value: string;
  disabled: boolean;
  error?: string;
  onType: (name: string) => void;
  onPick: (item: { name: string; unit: string; unit_price: string; catalogue_item_id: number }) => void;
  /** Enter with no suggestion open: the editor moves on (to the next line, adding one at the end). */
  onEnter: () => void;
}

/**
 * A line's name: typed freely, or picked from the organization's price list as you type (arrows
 * move through the suggestions, Enter or Tab takes one and fills the unit and the price).
 */
export function CatalogueNameField({ id, value, disabled, error, onType, onPick, onEnter }: Props) {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const money = useMoneyFormat();
  const [open, setOpen] = useState(false);
  const query = value.trim();
  const { data: items = [] } = useGetList<CatalogueItem>(
    'catalog-items',
    {
      filter: { q: query, archived: false },
      pagination: { page: 1, perPage: 8 },
      sort: { field: 'name', order: 'ASC' },
    },
    // While the next letter's suggestions load, the last ones stay: the list never closes under the
    // typist, whose Enter would then start the next line instead of taking a suggestion.
    { enabled: open && query.length > 0 && !disabled, placeholderData: (previous) => previous },
  );
  const pick = (item: CatalogueItem) => onPick({ name: item.name, unit: enumLabel('unit', item.unit), unit_price: item.price, catalogue_item_id: item.id });
  return (
    <Autocomplete<CatalogueItem, false, false, true>
      freeSolo
      autoHighlight
      autoSelect={false}
      disabled={disabled}
      options={query ? items : []}
      filterOptions={(x) => x}
      open={open && query.length > 0 && items.length > 0}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      getOptionLabel={(o) => (typeof o === 'string' ? o : o.name)}
      inputValue={value}
      onInputChange={(_e, text, reason) => {
        if (reason === 'input' || reason === 'clear') {
          setOpen(true);
          onType(text);
        }
      }}
      onChange={(_e, item) => {
        if (item && typeof item !== 'string') pick(item);
      }}
      onKeyDown={(e) => {
        const listOpen = open && query.length > 0 && items.length > 0;
        if (e.key === 'Tab' && listOpen && items[0]) {
          // Tab takes the highlighted suggestion as well, then moves on as usual.
          const highlighted = document.querySelector<HTMLElement>(`#${CSS.escape(id)}-listbox .Mui-focused`);
          const index = Number(highlighted?.dataset.optionIndex ?? 0);
          pick(items[index] ?? items[0]);
          setOpen(false);
        }
        if (e.key === 'Enter' && !listOpen) {
          (e as unknown as { defaultMuiPrevented: boolean }).defaultMuiPrevented = true;
          e.preventDefault();
          onEnter();
        }
      }}
      id={id}
      renderOption={({ key, ...props }, item) => (
        <Box component="li" key={key} {...props} data-testid="catalogue-option" sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
          <span>{item.name}</span>
          <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
            {money(item.price, item.currency)} / {enumLabel('unit', item.unit)}
          </Typography>
        </Box>
      )}
      slotProps={{ popper: { style: { minWidth: 420 }, placement: 'bottom-start' } }}
      renderInput={(params) => (
        <TextField
          {...params}
          size="small"
          variant="standard"
          fullWidth
          error={Boolean(error)}
          helperText={error}
          placeholder={translate('crm.estimates.name_placeholder')}
          slotProps={{ htmlInput: { ...params.inputProps, 'aria-label': translate('resources.estimates.fields.name') } }}
        />
      )}
    />
  );
}
