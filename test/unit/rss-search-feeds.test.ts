import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storyKeys } from '../../src/core/news-events.js';
import { parseFeed } from '../../src/sources/rss/index.js';
import { unwrapSearchLink, withoutPublisher } from '../../src/sources/rss/search-feeds.js';

const feed = (name: string, source: string) => parseFeed(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url)), { source });

describe('Google News search feed', () => {
  it('removes the " - <publisher>" suffix named by <source>, keeps the opaque link as the address', async () => {
    const items = await feed('google-news-numspot.xml', 'google-news-numspot');
    expect(items.map((i) => i.title)).toEqual([
      'NumSpot : le point sur la qualification SecNumCloud de son offre IaaS',
      'Cloud souverain - NumSpot ouvre une deuxième région à Lyon', // only the last dash was a suffix
      'Banque des Territoires : NumSpot recrute son directeur technique',
    ]);
    expect(items[0]!.url).toBe('https://news.google.com/rss/articles/CBMikAFBVV95cUxNX2ZpY3RpZl9udW1zcG90X2xlbWFnaXRfMzY2NjM0MDAx?oc=5');
  });

  it('gives the same title key as the publisher\'s own feed, so the story is one', async () => {
    const [google] = await feed('google-news-numspot.xml', 'google-news-numspot');
    const lemagit = (await feed('lemagit.xml', 'lemagit')).find((i) => i.title.startsWith('NumSpot'))!;
    const shared = storyKeys(google!).filter((k) => storyKeys(lemagit).includes(k));
    expect(shared).toEqual(['title:numspot : le point sur la qualification secnumcloud de son offre iaas']);
  });
});

describe('Bing News search feed', () => {
  it('takes the article\'s address from the url= parameter, and removes a publisher suffix', async () => {
    const items = await feed('bing-news-secnumcloud.xml', 'bing-news-secnumcloud');
    expect(items.map((i) => [i.url, i.title])).toEqual([
      ['https://www.lemagit.fr/actualites/366633950/OVHcloud-etend-son-offre-qualifiee-SecNumCloud', 'OVHcloud étend son offre « Hosted Private Cloud » qualifiée SecNumCloud'],
      ['https://www.silicon.fr/s3ns-visa-secnumcloud-premi3ns-478213.html', 'S3NS obtient le visa de sécurité SecNumCloud pour PREMI3NS'],
      ['https://www.lemondeinformatique.fr/actualites/lire-cloud-de-confiance-bleu-collectivites-98765.html', 'Cloud de confiance : Bleu ouvre ses services aux collectivités'],
    ]);
    expect(items[0]!.id).toBe(items[0]!.url); // no guid: the article's address, not Bing's click-through
  });

  it('leaves other links alone, and a Bing link without a usable url= as it is', () => {
    expect(unwrapSearchLink('https://www.lemagit.fr/a?url=https%3a%2f%2fexample.org%2f')).toBe('https://www.lemagit.fr/a?url=https%3a%2f%2fexample.org%2f');
    expect(unwrapSearchLink('http://www.bing.com/news/apiclick.aspx?url=javascript%3aalert(1)')).toBe('http://www.bing.com/news/apiclick.aspx?url=javascript%3aalert(1)');
    expect(unwrapSearchLink('https://www.bing.com/news/apiclick.aspx?ref=FexRss')).toBe('https://www.bing.com/news/apiclick.aspx?ref=FexRss');
  });
});

describe('withoutPublisher', () => {
  it('removes only a suffix that is the publisher, or on Google a short last segment', () => {
    expect(withoutPublisher('Titre - LeMagIT', 'LeMagIT', false)).toBe('Titre');
    expect(withoutPublisher('Titre – Le Monde Informatique', 'le monde informatique', false)).toBe('Titre');
    expect(withoutPublisher('NumSpot - le point', undefined, false)).toBe('NumSpot - le point'); // a press feed's own dash
    expect(withoutPublisher('NumSpot - le point', 'LeMagIT', true)).toBe('NumSpot - le point');
    expect(withoutPublisher('NumSpot lève des fonds - Les Echos', undefined, true)).toBe('NumSpot lève des fonds');
    expect(withoutPublisher('- LeMagIT', 'LeMagIT', true)).toBe('- LeMagIT');
  });
});
