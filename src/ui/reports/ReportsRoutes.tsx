import type { Period } from '../../domain/reports';
import { t } from '../../i18n';
import { navigate } from '../app/route';
import type { CommunitySpace } from '../../sync/Communities';
import { useMe } from '../community/useCommunity';
import { CommunityReportScreen } from './CommunityReportScreen';
import { periodFromQuery } from './PeriodPicker';
import { PortfolioScreen } from './PortfolioScreen';
import './reports.css';

/**
 * Reports, loaded on first use (its own chunk): /c/<doc>/progress, /c/<doc>/report (roles that may see
 * the community's progress: fasilitator, kepala sekolah, pengawas) and /c/<doc>/portfolio (her own).
 * The period travels in the URL (`?from=&to=`), so a report can be reopened as it was.
 */
export default function ReportsRoutes({ space, section, query }: { space: CommunitySpace; section: string; query: URLSearchParams }) {
  const { me, can } = useMe(space);
  const period = periodFromQuery(query);
  const onPeriod = (p: Period) => navigate(`/c/${space.name}/${section}?from=${p.from}&to=${p.to}`);
  if (section === 'portfolio') {
    if (!me?.active) return <Refused space={space} />;
    return <PortfolioScreen space={space} period={period} onPeriod={onPeriod} />;
  }
  if (!can.seeProgress) return <Refused space={space} />;
  return <CommunityReportScreen space={space} period={period} onPeriod={onPeriod} printable={section === 'report'} />;
}

function Refused({ space }: { space: CommunitySpace }) {
  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <p class="notice" role="alert">{t('reports.notAllowed')}</p>
    </main>
  );
}
