import type { AuthProvider } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import { session } from './session';

export interface SignUpInput {
  organization: string;
  name: string;
  email: string;
  password: string;
}

async function signIn(path: string, body: unknown) {
  const { json } = await httpClient(`${API_URL}/auth/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!['admin', 'manager'].includes(json.user?.role)) throw new Error('ra.auth.sign_in_error');
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
