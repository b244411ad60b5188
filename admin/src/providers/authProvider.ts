import type { LoginRequest, SignUpRequest, StaffSession } from '@crm/contracts';
import type { AuthProvider } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import { session } from './session';

export type SignUpInput = SignUpRequest;

async function signIn(path: string, body: LoginRequest | SignUpRequest) {
  const { json }: { json: StaffSession } = await httpClient(`${API_URL}/auth/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (json.user?.role !== 'admin' && json.user?.role !== 'manager') throw new Error('ra.auth.sign_in_error');
  session.save(json.token, json.user, json.organization);
}

export const authProvider: AuthProvider & { signUp(input: SignUpInput): Promise<void> } = {
  login: ({ username, email, password, organization }) => signIn('login', { email: email ?? username, password, ...(organization ? { organization } : {}) }),
  signUp: (input) => signIn('register', input),
  logout: async () => session.clear(),
  // Without a session the sign-in page opens quietly: a first visit is not an error worth a red toast.
  checkAuth: async () => {
    if (!session.token()) throw { message: false };
  },
  checkError: async (error) => {
    if (error?.status === 401) {
      session.clear();
      throw new Error('ra.auth.auth_check_error');
    }
  },
  getPermissions: async () => session.user()?.role ?? null,
  getIdentity: async () => {
    const user = session.user();
    if (!user) throw new Error('ra.auth.auth_check_error');
    return { id: user.id, fullName: user.name };
  },
};
