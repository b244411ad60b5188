import { QueryClient } from '@tanstack/react-query';

/** The one react-query client of the back office, so the data provider can refresh derived figures. */
export const queryClient = new QueryClient();
