import { Organization, QueryTypes, type Notification, type Sequelize } from '@crm/database';
import { notifyStaff } from './notification.service.js';

export const STORAGE_FULL = 'storage.full';

const TEXT = {
  ru: {
    title: 'Хранилище заполнено: файлы из Telegram не сохраняются',
    body: (quota: number) =>
      `Лимит хранилища компании (${quota} МБ) исчерпан. Сообщения и отчёты сохраняются, но новые фото, видео и документы из Telegram — нет.`,
  },
  en: {
    title: 'Storage is full: files from Telegram are not being saved',
    body: (quota: number) =>
      `The company's storage limit (${quota} MB) is used up. Messages and reports are kept, but new photos, videos and documents from Telegram are not saved.`,
  },
};

/**
 * Tells the organization's admins and managers that its storage is full, once each time it fills
 * up: nothing is sent while a notice newer than the last stored file exists. The check and the
 * insert hold a per-organization lock, so concurrent downloads notify once.
 */
export async function notifyStorageFull(sequelize: Sequelize, orgId: number, quotaBytes: number): Promise<Notification[]> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', { replacements: { key: `${STORAGE_FULL}:${orgId}` }, transaction });
    const [already] = await sequelize.query<{ id: number }>(
      `SELECT id FROM notifications n WHERE n.org_id = :orgId AND n.type = :type
          AND n.created_at >= COALESCE((SELECT max(created_at) FROM media_files WHERE org_id = :orgId), '-infinity') LIMIT 1`,
      { replacements: { orgId, type: STORAGE_FULL }, type: QueryTypes.SELECT, transaction },
    );
    if (already) return [];
    const org = await Organization.findByPk(orgId, { attributes: ['id', 'locale'], transaction });
    const t = TEXT[org?.locale === 'en' ? 'en' : 'ru'];
    const quotaMb = Math.round(quotaBytes / 1024 / 1024);
    return notifyStaff(sequelize, { org_id: orgId, type: STORAGE_FULL, title: t.title, body: t.body(quotaMb), payload: { quota_mb: quotaMb } }, transaction);
  });
}
