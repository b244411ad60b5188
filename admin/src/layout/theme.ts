import { defaultTheme, type RaThemeOptions } from 'react-admin';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { primary: { main: '#2f6f5e' }, secondary: { main: '#e07a2f' }, background: { default: '#f5f6f4' } },
  shape: { borderRadius: 8 },
  sidebar: { width: 220, closedWidth: 55 },
  components: {
    ...defaultTheme.components,
    RaAppBar: { styleOverrides: { root: { '& .RaAppBar-toolbar': { minHeight: 52 } } } },
  },
};
