import { Create, Edit, SimpleForm } from 'react-admin';
import { ProjectInputs } from './ProjectInputs';

export const ProjectCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ status: 'active', budget_total: '0.00' }}>
      <ProjectInputs />
    </SimpleForm>
  </Create>
);

export const ProjectEdit = () => (
  <Edit redirect="show" mutationMode="pessimistic">
    <SimpleForm>
      <ProjectInputs />
    </SimpleForm>
  </Edit>
);
