import { CatalogueItem, ChatMessage, EstimateLine, type CatalogueUnit, type Sequelize } from '@crm/database';
import { bookAppointment } from '../appointments/appointment.service.js';
import { createChangeOrder } from '../change-orders/change-order.service.js';
import { decideChangeRequest } from '../change-requests/decide.js';
import { unitLabel } from '../catalogue/units.js';
import { generateContract } from '../contracts/contract.service.js';
import { approveEstimate } from '../estimates/approve.js';
import { createEstimate } from '../estimates/estimate.service.js';
import { sendEstimateToClient } from '../estimates/send.js';
import type { QuantitySource } from '../estimates/arithmetic.js';
import type { JobQueue } from '../jobs/queue.js';
import { recordMeasurement } from '../measurements/measurement.service.js';
import { startMeasurement } from '../measurements/measurement-draft.js';
import type { ChargedStorage } from '../storage/generated-files.js';
import { byPosition } from '../columns.js';

/**
 * The estimate side of the demo, made by the functions the product itself runs, so every total,
 * stage plan and contract figure is computed by its one owner: a lead measured on a visit with a
 * sent estimate waiting for the client, and a project made from an approved estimate with one
 * change order approved.
 */
export interface DemoEstimateContext {
  org_id: number;
  manager_id: number;
  /** Demo lead ids by name. */
  leads: Record<string, number>;
}

const DAY = 24 * 3600 * 1000;

/** Rooms as the estimator typed them on the visit, and each room's lines from the price list. */
type Pick = [name: string, source: QuantitySource, quantity?: string];
interface Room {
  line: string;
  name: string;
  picks: Pick[];
}

const MEASURED: Room[] = [
  {
    line: 'Кухня 3,2 х 2,8 х 2,7',
    name: 'Кухня',
    picks: [
      ['Шпаклёвка стен под покраску в 2 слоя', 'wall_area'],
      ['Покраска стен в 2 слоя', 'wall_area'],
      ['Укладка кварцвинила', 'floor_area'],
      ['Монтаж плинтуса напольного', 'perimeter'],
      ['Монтаж розетки или выключателя', 'manual', '6'],
      ['Натяжной потолок матовый', 'floor_area'],
    ],
  },
  {
    line: 'Санузел 2,1 х 1,7 х 2,6',
    name: 'Санузел',
    picks: [
      ['Гидроизоляция пола санузла', 'floor_area'],
      ['Укладка плитки на пол', 'floor_area'],
      ['Укладка плитки на стены', 'wall_area'],
      ['Затирка швов', 'wall_area'],
      ['Установка инсталляции с унитазом', 'manual', '1'],
      ['Установка смесителя', 'manual', '2'],
    ],
  },
  {
    line: 'Комната 4,5 х 3,6 х 2,7',
    name: 'Комната',
    picks: [
      ['Штукатурка стен по маякам', 'wall_area'],
      ['Поклейка обоев флизелиновых', 'wall_area'],
      ['Укладка ламината', 'floor_area'],
      ['Монтаж плинтуса напольного', 'perimeter'],
      ['Монтаж светильника', 'manual', '3'],
    ],
  },
];

const APPROVED: Room[] = [
  {
    line: 'Гостиная 5,2 х 4 х 2,75',
    name: 'Гостиная',
    picks: [
      ['Штукатурка стен по маякам', 'wall_area'],
      ['Шпаклёвка стен под покраску в 2 слоя', 'wall_area'],
      ['Покраска стен в 2 слоя', 'wall_area'],
      ['Стяжка пола полусухая до 60 мм', 'floor_area'],
      ['Укладка ламината', 'floor_area'],
      ['Монтаж розетки или выключателя', 'manual', '8'],
    ],
  },
  {
    line: 'Ванная 2,4 х 1,8 х 2,7',
    name: 'Ванная',
    picks: [
      ['Гидроизоляция пола санузла', 'floor_area'],
      ['Укладка керамогранита 60×120', 'floor_area'],
      ['Укладка плитки на стены', 'wall_area'],
      ['Установка ванны', 'manual', '1'],
      ['Установка полотенцесушителя', 'manual', '1'],
    ],
  },
];

const dimensions = (line: string) => {
  const [length, width, height] = line
    .replace(/^\D+/, '')
    .split(' х ')
    .map((n) => n.replace(',', '.'));
  return { length: length!, width: width!, height: height ?? null };
};

async function sectionsOf(org_id: number, rooms: Room[]) {
  const items = await CatalogueItem.findAll({ where: { org_id } });
  const byName = new Map(items.map((i) => [i.name, i]));
  return rooms.map((room) => ({
    name: room.name,
    ...dimensions(room.line),
    lines: room.picks.map(([name, source, quantity]) => {
      const item = byName.get(name);
      if (!item) throw new Error(`the demo price list has no "${name}"`);
      return {
        catalogue_item_id: item.id,
        name: item.name,
        unit: unitLabel(item.unit as CatalogueUnit, 'ru'),
        unit_price: item.price,
        quantity_source: source,
        ...(quantity ? { quantity } : {}),
      };
    }),
  }));
}

/** Nothing leaves for Telegram from the seed: the demo people are not on Telegram, so a send is recorded as delivered. */
const keepInChat: JobQueue = { enqueue: async () => undefined };
const delivered = (message: ChatMessage) => message.update({ status: 'sent', telegram_message_id: 900_000 + message.id });

export async function seedDemoEstimates(
  sequelize: Sequelize,
  deps: { files: ChargedStorage; public_url: string },
  ctx: DemoEstimateContext,
  now = new Date(),
): Promise<{ sent_estimate_id: number; approved_estimate_id: number; project_id: number; change_order_id: number }> {
  const { org_id, manager_id } = ctx;
  const send = async (estimate_id: number) =>
    delivered(
      (
        await sendEstimateToClient(
          sequelize,
          { queue: keepInChat, files: deps.files },
          {
            org_id,
            estimate_id,
            sent_by: manager_id,
            public_url: deps.public_url,
          },
        )
      ).message,
    );

  // A visit booked three days ago for yesterday; the estimator sent the rooms from it.
  const measuredLead = ctx.leads['Елена Морозова']!;
  const visitDay = new Date(now.getTime() - DAY);
  const { appointment } = await sequelize.transaction((transaction) =>
    bookAppointment(
      sequelize,
      org_id,
      manager_id,
      {
        lead_id: measuredLead,
        estimator_id: manager_id,
        starts_at: new Date(visitDay.setUTCHours(8, 0, 0, 0)),
        duration_minutes: 60,
        address: 'ул. Вавилова, 15, кв. 42',
        notes: 'Домофон 42, третий этаж',
      },
      transaction,
      new Date(now.getTime() - 3 * DAY),
    ),
  );
  const notes = [...MEASURED.map((room) => room.line), 'Стены в санузле под плитку, старую снимать', 'Окно в комнате: ширина 1,5, высота 1,4'];
  await sequelize.transaction((transaction) =>
    recordMeasurement(
      sequelize,
      {
        org_id,
        estimator_id: manager_id,
        draft: { ...startMeasurement(appointment.id), notes },
      },
      transaction,
    ),
  );
  const sent = await sequelize.transaction(async (transaction) =>
    createEstimate(
      sequelize,
      org_id,
      manager_id,
      {
        lead_id: measuredLead,
        title: 'Ремонт кухни, санузла и комнаты',
        markup_type: 'percent',
        markup_value: '0',
        discount_type: 'percent',
        discount_value: '5',
        vat_rate: null,
        vat_included: false,
        valid_until: new Date(now.getTime() + 14 * DAY).toISOString().slice(0, 10),
        notes: 'Материалы для чистовой отделки — по отдельной смете. Вывоз мусора включён.',
        sections: await sectionsOf(org_id, MEASURED),
      },
      transaction,
    ),
  );
  await send(sent.id);

  // A client who approved their estimate: the project, its stages and the contract come from the approval.
  const approvedLead = ctx.leads['Ирина Федорова']!;
  const draft = await sequelize.transaction(async (transaction) =>
    createEstimate(
      sequelize,
      org_id,
      manager_id,
      {
        lead_id: approvedLead,
        title: 'Квартира на Вавилова, гостиная и ванная',
        markup_type: 'percent',
        markup_value: '10',
        discount_type: 'amount',
        discount_value: '15000',
        vat_rate: null,
        vat_included: false,
        valid_until: new Date(now.getTime() + 30 * DAY).toISOString().slice(0, 10),
        notes: '',
        sections: await sectionsOf(org_id, APPROVED),
      },
      transaction,
    ),
  );
  await send(draft.id);
  const approved = await approveEstimate(sequelize, { org_id, estimate_id: draft.id, via: 'back_office', approved_by: manager_id });

  // Then the client asked for more sockets and a dearer towel rail: a change order from the estimate's lines, approved.
  const lines = await EstimateLine.findAll({ where: { estimate_id: draft.id }, order: byPosition() });
  const sockets = lines.find((l) => l.name === 'Монтаж розетки или выключателя')!;
  const rail = lines.find((l) => l.name === 'Установка полотенцесушителя')!;
  const mixer = (await CatalogueItem.findOne({ where: { org_id, name: 'Установка смесителя' } }))!;
  const order = await sequelize.transaction((transaction) =>
    createChangeOrder(
      org_id,
      manager_id,
      {
        project_id: approved.project_id,
        title: 'Розетки в гостиной и смеситель в ванной',
        description: 'Ещё 4 розетки у дивана, смеситель на ванну, полотенцесушитель по новой цене',
        lines: [
          { action: 'change', estimate_line_id: sockets.id, quantity: '12' },
          { action: 'change', estimate_line_id: rail.id, unit_price: '4200' },
          {
            action: 'add',
            section_id: rail.section_id,
            catalogue_item_id: mixer.id,
            name: mixer.name,
            unit: unitLabel(mixer.unit as CatalogueUnit, 'ru'),
            quantity: '1',
            unit_price: mixer.price,
          },
        ],
      },
      transaction,
    ),
  );
  await decideChangeRequest(sequelize, { org_id, change_request_id: order.id, decision: 'approved', decided_by: manager_id });
  await generateContract(deps.files, { org_id, project_id: approved.project_id, now });
  return { sent_estimate_id: sent.id, approved_estimate_id: draft.id, project_id: approved.project_id, change_order_id: order.id };
}
