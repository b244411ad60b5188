import { Create, SimpleForm } from 'react-admin';
import { LeadInputs } from './LeadInputs';

export const LeadCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ status: 'new', source: 'manual', ai_enabled: true }}>
      <LeadInputs />
    </SimpleForm>
  </Create>
);
