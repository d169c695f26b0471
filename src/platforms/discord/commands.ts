import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { quoteArg } from '../../commands/args.js';

/** The subcommands as the command layer names them; Discord's options are rebuilt into its one grammar. */
export const SUBCOMMANDS = ['subscribe', 'subscriptions', 'unsubscribe', 'test', 'pause', 'resume', 'status', 'list', 'history', 'timeline', 'lang', 'help'] as const;

const TOPIC_CHOICES = [
  { name: 'all', name_localizations: { fr: 'tout' }, value: 'all' },
  { name: 'qualifications', value: 'qualifications' },
  { name: 'news', name_localizations: { fr: 'actualités' }, value: 'news' },
  { name: 'expiry', name_localizations: { fr: 'échéances' }, value: 'expiry' },
];
const TYPE_CHOICES = ['SaaS', 'PaaS', 'CaaS', 'IaaS'].map((t) => ({ name: t, value: t }));

/**
 * `/secnumcloud`: one command with subcommands, for everyone. `default_member_permissions` would apply to the
 * whole command, so subscribe and unsubscribe check Manage Channels at run time instead. Guilds only.
 */
export function secnumcloudCommand(): SlashCommandBuilder {
  const b = new SlashCommandBuilder()
    .setName('secnumcloud')
    .setDescription('SecNumCloud qualifications: subscriptions and status')
    .setDescriptionLocalizations({ fr: 'Qualifications SecNumCloud : abonnements et état' })
    .setContexts(InteractionContextType.Guild);
  b.addSubcommand((s) =>
    s
      .setName('subscribe')
      .setDescription('Subscribe this channel to changes')
      .setDescriptionLocalizations({ fr: 'Abonner ce salon aux changements' })
      .addStringOption((o) => o.setName('topic').setDescription('What to receive').setDescriptionLocalizations({ fr: 'Ce que le salon reçoit' }).addChoices(...TOPIC_CHOICES))
      .addStringOption((o) => o.setName('provider').setDescription('Only about this provider (may be not qualified yet)').setDescriptionLocalizations({ fr: 'Seulement ce fournisseur (même pas encore qualifié)' }).setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName('keyword').setDescription('Only what names this word').setDescriptionLocalizations({ fr: 'Seulement ce qui contient ce mot' }).setMaxLength(100))
      // Several types in one value ("IaaS, PaaS"): Discord options cannot repeat, and the command layer checks the words.
      .addStringOption((o) => o.setName('type').setDescription('Only offers of these types: SaaS, PaaS, CaaS, IaaS (several: IaaS, PaaS)').setDescriptionLocalizations({ fr: 'Seulement les offres de ces types : SaaS, PaaS, CaaS, IaaS (plusieurs : IaaS, PaaS)' }).setAutocomplete(true).setMaxLength(40))
      .addStringOption((o) => o.setName('exclude').setDescription('No news that names this word').setDescriptionLocalizations({ fr: 'Pas les actualités qui citent ce mot' }).setMaxLength(100))
      // Catalogue lists other than SecNumCloud, by id, several separated by commas ("passi, pris"), or "all".
      .addStringOption((o) => o.setName('catalogue').setDescription('Catalogue lists (default SecNumCloud): passi, pris, eidas-seal, cspn, cc, products… or all').setDescriptionLocalizations({ fr: 'Listes du catalogue (SecNumCloud par défaut) : passi, pris, eidas-seal, cspn, cc, produits… ou all' }).setMaxLength(200))
      .addStringOption((o) => o.setName('category').setDescription('Only qualified products of these categories (Pare-feu, Chiffreurs…)').setDescriptionLocalizations({ fr: 'Seulement les produits qualifiés de ces catégories (Pare-feu, Chiffreurs…)' }).setMaxLength(200))
      // Product expiry reminders are off unless asked (decision 0026): a yes/no rather than a word to remember.
      .addBooleanOption((o) => o.setName('product_reminders').setDescription('Also the expiry reminders of certified and qualified products').setDescriptionLocalizations({ fr: "Aussi les rappels d'échéance des produits certifiés et qualifiés" })),
  );
  b.addSubcommand((s) => s.setName('subscriptions').setDescription("This channel's subscriptions").setDescriptionLocalizations({ fr: 'Les abonnements de ce salon' }));
  b.addSubcommand((s) =>
    s
      .setName('unsubscribe')
      .setDescription('Remove a subscription (its id) or all')
      .setDescriptionLocalizations({ fr: 'Retirer un abonnement (son identifiant) ou tous' })
      .addStringOption((o) => o.setName('id').setDescription('Subscription id, or "all"').setDescriptionLocalizations({ fr: 'Identifiant, ou « all »' }).setRequired(true).setAutocomplete(true).setMaxLength(20)),
  );
  b.addSubcommand((s) => s.setName('test').setDescription('Post one test alert here (the latest change this channel would receive)').setDescriptionLocalizations({ fr: 'Publier ici une alerte de test (le dernier changement que ce salon recevrait)' }));
  b.addSubcommand((s) => s.setName('pause').setDescription('Stop posting alerts here until resume').setDescriptionLocalizations({ fr: "Suspendre les alertes dans ce salon jusqu'à resume" }));
  b.addSubcommand((s) => s.setName('resume').setDescription('Post alerts here again').setDescriptionLocalizations({ fr: 'Reprendre les alertes dans ce salon' }));
  b.addSubcommand((s) =>
    s
      .setName('status')
      .setDescription('What is qualified now, overall or for one provider')
      .setDescriptionLocalizations({ fr: "Ce qui est qualifié aujourd'hui, en tout ou pour un fournisseur" })
      .addStringOption((o) => o.setName('provider').setDescription('A provider').setDescriptionLocalizations({ fr: 'Un fournisseur' }).setAutocomplete(true).setMaxLength(100)),
  );
  b.addSubcommand((s) =>
    s
      .setName('list')
      .setDescription('Qualified offers by provider')
      .setDescriptionLocalizations({ fr: 'Les offres qualifiées par fournisseur' })
      .addStringOption((o) => o.setName('type').setDescription('Only this service type').setDescriptionLocalizations({ fr: 'Seulement ce type de service' }).addChoices(...TYPE_CHOICES))
      // Another list of the catalogue (`list cspn Stormshield`): its entries, or one provider's (a developer's).
      .addStringOption((o) => o.setName('catalogue').setDescription('Another catalogue list: passi, cspn, cc, qualified-products…').setDescriptionLocalizations({ fr: 'Une autre liste du catalogue : passi, cspn, cc, produits-qualifiés…' }).setMaxLength(60))
      .addStringOption((o) => o.setName('provider').setDescription('With a list: only this provider or developer').setDescriptionLocalizations({ fr: 'Avec une liste : seulement ce fournisseur ou développeur' }).setMaxLength(100)),
  );
  b.addSubcommand((s) =>
    s
      .setName('history')
      .setDescription('The latest changes')
      .setDescriptionLocalizations({ fr: 'Les derniers changements' })
      .addIntegerOption((o) => o.setName('count').setDescription('How many (1-50)').setDescriptionLocalizations({ fr: 'Combien (1 à 50)' }).setMinValue(1).setMaxValue(50)),
  );
  b.addSubcommand((s) =>
    s
      .setName('timeline')
      .setDescription("A provider's story: its last ten dated steps")
      .setDescriptionLocalizations({ fr: "L'histoire d'un fournisseur : ses dix dernières étapes" })
      .addStringOption((o) => o.setName('provider').setDescription('A provider').setDescriptionLocalizations({ fr: 'Un fournisseur' }).setRequired(true).setAutocomplete(true).setMaxLength(100)),
  );
  b.addSubcommand((s) =>
    s
      .setName('lang')
      .setDescription("This channel's language")
      .setDescriptionLocalizations({ fr: 'La langue de ce salon' })
      .addStringOption((o) => o.setName('language').setDescription('fr or en').setDescriptionLocalizations({ fr: 'fr ou en' }).addChoices({ name: 'français', value: 'fr' }, { name: 'English', value: 'en' })),
  );
  b.addSubcommand((s) => s.setName('help').setDescription('How to use the bot').setDescriptionLocalizations({ fr: 'Aide' }));
  return b;
}

/** A chat-input interaction's subcommand and options, as the text the command layer parses. */
export function commandText(i: Pick<ChatInputCommandInteraction, 'options'>): string {
  const sub = i.options.getSubcommand();
  const str = (name: string): string | null => i.options.getString(name);
  const parts: string[] = [sub];
  if (sub === 'subscribe') {
    parts.push(str('topic') ?? 'all');
    const provider = str('provider');
    const keyword = str('keyword');
    const type = str('type');
    const exclude = str('exclude');
    if (provider) parts.push(`provider:${quoteArg(provider)}`);
    if (keyword) parts.push(`keyword:${quoteArg(keyword)}`);
    if (type) parts.push(`type:${quoteArg(type)}`);
    if (exclude) parts.push(`exclude:${quoteArg(exclude)}`);
    const catalogue = str('catalogue');
    if (catalogue) parts.push(`catalogue:${quoteArg(catalogue)}`);
    const category = str('category');
    if (category) parts.push(`category:${quoteArg(category)}`);
    if (i.options.getBoolean('product_reminders')) parts.push('reminders:products');
  } else if (sub === 'unsubscribe') parts.push(quoteArg(str('id') ?? ''));
  else if (sub === 'status') {
    const provider = str('provider');
    if (provider) parts.push(`provider:${quoteArg(provider)}`);
  } else if (sub === 'list') {
    const catalogue = str('catalogue');
    // A list named takes the place of the type (the command layer reads one or the other).
    const provider = str('provider');
    if (catalogue) parts.push(quoteArg(catalogue), ...(provider ? [quoteArg(provider)] : []));
    else parts.push(str('type') ?? '');
  }
  else if (sub === 'history') parts.push(String(i.options.getInteger('count') ?? ''));
  else if (sub === 'timeline') parts.push(quoteArg(str('provider') ?? ''));
  else if (sub === 'lang') parts.push(str('language') ?? '');
  return parts.filter((p) => p !== '').join(' ');
}
