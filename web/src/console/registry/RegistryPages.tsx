import { ApprovalsPage } from './ApprovalsPage';
import { CheckChangePage } from './CheckChangePage';
import type { RegistryNavigate, RegistryPage } from './registryRoutes';
import { SubgraphsPage } from './SubgraphsPage';
import { SupergraphsPage } from './SupergraphsPage';
import './registry.css';

/** The registry page the route names. `officer`: may approve, reject and roll back; everyone else here reads. */
export function RegistryPages(props: { page: RegistryPage; params: URLSearchParams; navigate: RegistryNavigate; officer: boolean; agency: string | undefined }) {
  switch (props.page) {
    case 'subgraphs':
      return <SubgraphsPage params={props.params} navigate={props.navigate} agency={props.agency} />;
    case 'approvals':
      return <ApprovalsPage navigate={props.navigate} officer={props.officer} agency={props.agency} />;
    case 'supergraphs':
      return <SupergraphsPage officer={props.officer} />;
    case 'check':
      return <CheckChangePage params={props.params} navigate={props.navigate} officer={props.officer} agency={props.agency} />;
  }
}
