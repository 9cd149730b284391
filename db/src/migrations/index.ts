import type { Knex } from 'knex';
import * as m001 from './001_unified_libraries';
import * as m002 from './002_process_engine';
import * as m003 from './003_work_calendars';
import * as m004 from './004_supervision_trail';
import * as m005 from './005_lifecycle_core';
import * as m006 from './006_venue';
import * as m007 from './007_experts';
import * as m008 from './008_deposits_fees_awards';
import * as m009 from './009_notices_exchange_archive';
import * as m010 from './010_alerts_complaints';
import * as m011 from './011_parties';
import * as m012 from './012_certificate_sign_in';
import * as m013 from './013_files';
import * as m014 from './014_party_portal';
import * as m015 from './015_sealed_bids';
import * as m016 from './016_documents_in_object_store';
import * as m017 from './017_opening_hall';
import * as m018 from './018_sandbox';
import * as m019 from './019_account_security';
import * as m020 from './020_sandbox_shortest_period';
import * as m021 from './021_party_objections';
import * as m022 from './022_separation_of_duties';
import * as m023 from './023_collusion_screens';
import * as m024 from './024_price_library';
import * as m025 from './025_recovery_codes_and_definition_review';
import * as m026 from './026_sealed_list_and_witness';
import * as m027 from './027_decision_definitions';
import * as m028 from './028_instance_incidents';
import * as m029 from './029_task_names_en';
import * as m030 from './030_process_variable_changes';
import * as m031 from './031_token_moves';
import * as m032 from './032_sealed_list_stamps';
import * as m033 from './033_deal_postponements';
import * as m034 from './034_event_starts';
import * as m035 from './035_land_listings';
import * as m036 from './036_sealed_list_index';

interface Migration { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> }

/** Migrations are listed here in order, so they run the same from sources, from dist and in a bundle. */
const migrations: ReadonlyArray<[string, Migration]> = [
  ['001_unified_libraries', m001],
  ['002_process_engine', m002],
  ['003_work_calendars', m003],
  ['004_supervision_trail', m004],
  ['005_lifecycle_core', m005],
  ['006_venue', m006],
  ['007_experts', m007],
  ['008_deposits_fees_awards', m008],
  ['009_notices_exchange_archive', m009],
  ['010_alerts_complaints', m010],
  ['011_parties', m011],
  ['012_certificate_sign_in', m012],
  ['013_files', m013],
  ['014_party_portal', m014],
  ['015_sealed_bids', m015],
  ['016_documents_in_object_store', m016],
  ['017_opening_hall', m017],
  ['018_sandbox', m018],
  ['019_account_security', m019],
  ['020_sandbox_shortest_period', m020],
  ['021_party_objections', m021],
  ['022_separation_of_duties', m022],
  ['023_collusion_screens', m023],
  ['024_price_library', m024],
  ['025_recovery_codes_and_definition_review', m025],
  ['026_sealed_list_and_witness', m026],
  ['027_decision_definitions', m027],
  ['028_instance_incidents', m028],
  ['029_task_names_en', m029],
  ['030_process_variable_changes', m030],
  ['031_token_moves', m031],
  ['032_sealed_list_stamps', m032],
  ['033_deal_postponements', m033],
  ['034_event_starts', m034],
  ['035_land_listings', m035],
  ['036_sealed_list_index', m036],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrations.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = migrations.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
