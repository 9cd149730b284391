// The region a form is filled for — the deal's, or the region a start is made in — so that its date fields follow that
// region's calendar rather than the signed-in user's home city (a city's staff practise in the province's sandbox).
import { createContext, useContext } from 'react';

export const FormRegion = createContext<string | null>(null);

export function useFormRegion(): string | null {
  return useContext(FormRegion);
}
