import { useMediaQuery, type Theme } from '@mui/material';

/** A phone-sized screen (below MUI's `sm`, 600 px): one column, lists as simple rows, one Kanban column at a time. */
export const usePhone = () => useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
