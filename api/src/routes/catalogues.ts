// The catalogues the forms' pickers read: the experts' specialties (专业分类) a draw asks for, and the centre's rooms
// (开标厅, 评标室) of the caller's regions. Reference data only — no expert, no booking, no deal is named here.
import { z } from 'zod';
import { ExpertSpecialty, VenueRoom } from '@ggzy/db';
import { defineRoute } from '../http/routes';

const Specialty = z.object({ code: z.string(), parentCode: z.string().nullable(), name: z.string() });
const Room = z.object({ roomCode: z.string(), regionCode: z.string(), kind: z.string(), name: z.string(), capacity: z.number() });

export const catalogueRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/expert-specialties',
    summary: 'The experts\' specialty catalogue (评标专家专业分类), by code: what a draw\'s specialties pick from',
    tag: 'experts',
    permission: 'catalogue:read',
    responses: { 200: { description: 'The catalogue', schema: z.object({ items: z.array(Specialty) }) } },
    async handler({ deps }) {
      const rows = await ExpertSpecialty.query(deps.db).orderBy('code').select('code', 'parent_code', 'name');
      return { status: 200, body: { items: rows.map((r) => ({ code: r.code, parentCode: r.parent_code, name: r.name })) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/rooms',
    summary: 'The trading centre\'s rooms in my regions (opening halls, evaluation rooms) that are in use',
    tag: 'venue',
    permission: 'catalogue:read',
    query: z.object({ kind: z.enum(['opening_hall', 'evaluation_room']).optional() }).strict(),
    responses: { 200: { description: 'Rooms, by code', schema: z.object({ items: z.array(Room) }) } },
    async handler({ query, deps, principal }) {
      const rows = await VenueRoom.query(deps.db).whereIn('region_code', principal!.visibleRegions as string[]).where('is_active', true)
        .modify((q) => { if (query.kind) q.where('kind', query.kind); }).orderBy('room_code');
      return {
        status: 200,
        body: { items: rows.map((r) => ({ roomCode: r.room_code, regionCode: r.region_code, kind: r.kind, name: r.name, capacity: Number(r.capacity) })) },
      };
    },
  }),
];
