/**
 * Shared by the complaint machine tests (not itself a test): one clock and
 * one cast, so every file speaks of the same people on the same days.
 */
import type { ComplaintActor } from '../../machines/complaint.types';

export const DAY_MS = 86_400_000;
/** Day 0 of every scenario: a Monday, 10:00 in Shanghai. */
export const T0 = Date.parse('2026-03-02T02:00:00.000Z');
/** The ISO instant `n` days (fractions allowed) after T0. */
export const day = (n: number): string => new Date(T0 + n * DAY_MS).toISOString();

export const USER: ComplaintActor = { role: 'user', id: 'u1' };
export const AGENT: ComplaintActor = { role: 'agent', id: 'a1' };
export const OTHER_AGENT: ComplaintActor = { role: 'agent', id: 'a2' };
export const ARBITRATOR: ComplaintActor = { role: 'arbitrator', id: 'r1' };
export const ADMIN: ComplaintActor = { role: 'admin', id: 'ad1' };
export const SWEEP: ComplaintActor = { role: 'system', id: 'sweep' };
