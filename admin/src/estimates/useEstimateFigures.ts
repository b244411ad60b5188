import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { CrmDataProvider, Estimate, EstimateFigures } from '../providers/dataProvider';
import { payloadOf } from './draft';

/**
 * Figures of the estimate as it is being typed: the server computes them with the same core
 * arithmetic a save uses (the back office has no formula of its own). Debounced; the last
 * good figures stay while a value is being corrected, and field errors name the inputs at fault.
 */
export function useEstimateFigures(estimate: Estimate | null) {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [figures, setFigures] = useState<EstimateFigures | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!estimate) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      dataProvider.calculateEstimate(payloadOf(estimate)).then(
        (result) => {
          if (cancelled) return;
          setFigures(result);
          setErrors({});
        },
        (error: { body?: { errors?: Record<string, string> }; message?: string }) => {
          if (!cancelled) setErrors(error.body?.errors ?? { _: error.message ?? '' });
        },
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [estimate, dataProvider]);
  return { figures, errors };
}
