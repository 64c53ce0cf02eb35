import type { ActivityClock } from './seasonality.ts';
import { playSession } from './sessions.ts';
import { formatDate } from './timestamps.ts';
import type { UserEvents } from './user-events.ts';

const DAY_MS = 86_400_000;
const THEMES = [
  ['New arrivals for the trail', '/new-arrivals', 'New arrivals'],
  ['Rain-ready: shells from $59', '/collections/jackets', 'Jackets'],
  ['Your weekend camping checklist', '/collections/camping', 'Camping'],
  ['Up to 40% off boots', '/sale', 'Sale'],
  ['How to layer for winter hikes', '/blog/how-to-layer-for-winter-hikes', 'Acme Journal'],
  ['Trail runners, restocked', '/collections/footwear', 'Footwear'],
] as const;

/** One campaign email sent to every opted-in user; the JSON fragments are the Email Opened / Clicked properties. */
export interface Campaign {
  sentAt: number;
  path: string;
  title: string;
  opened: string;
  clicked: string;
}

/** The newsletters of the window: every Tuesday and Friday at 15:00 UTC. */
export function listCampaigns(clock: ActivityClock): Campaign[] {
  const campaigns: Campaign[] = [];
  const firstDay = Math.ceil(clock.start / DAY_MS) * DAY_MS;
  for (let day = firstDay; day < clock.end; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 2 && weekday !== 5) continue;
    const sentAt = day + 15 * 3_600_000;
    if (sentAt >= clock.end) continue;
    const [subject, path, title] = THEMES[campaigns.length % THEMES.length];
    const id = `newsletter_${formatDate(sentAt).replaceAll('-', '_')}`;
    const link = `https://acme-outfitters.example${path}?utm_source=email&utm_campaign=${id}`;
    campaigns.push({
      sentAt,
      path,
      title: `${title} | Acme Outfitters`,
      opened: `{"campaign":"${id}","subject":${JSON.stringify(subject)}}`,
      clicked: `{"campaign":"${id}","link":${JSON.stringify(link)}}`,
    });
  }
  return campaigns;
}

/**
 * Plays the user's newsletter stream inside their active span: opens (minutes to a day after the
 * send), clicks, and the session each click starts. Uses at most `share` of the user's budget.
 */
export function playEmails(user: UserEvents, campaigns: readonly Campaign[], clock: ActivityClock, share: number): void {
  const { rng, profile } = user;
  if (!profile.emailOptIn) return;
  const floor = user.remaining - Math.floor(user.remaining * share);
  for (const campaign of campaigns) {
    if (campaign.sentAt < profile.activeFrom || campaign.sentAt > profile.activeTo) continue;
    if (!rng.chance(profile.archetype.emailOpen)) continue;
    const openedAt = campaign.sentAt + Math.min(2 * DAY_MS, Math.floor(-Math.log(1 - rng.float()) * 5 * 3_600_000));
    if (openedAt > profile.activeTo || user.remaining <= floor) continue;
    user.emit('Email Opened', openedAt, campaign.opened);
    if (!rng.chance(profile.archetype.emailClick) || user.remaining <= floor) continue;
    const clickedAt = openedAt + rng.int(5_000, 120_000);
    if (clickedAt > clock.end) continue;
    user.emit('Email Clicked', clickedAt, campaign.clicked);
    if (user.remaining > floor) {
      playSession(user, clickedAt + rng.int(1_000, 5_000), profile.activeTo, {
        path: campaign.path,
        title: campaign.title,
        referrer: 'https://mail.acme-outfitters.example/',
      });
    }
  }
}
