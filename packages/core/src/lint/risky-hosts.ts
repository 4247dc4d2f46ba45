/**
 * Hosts that serve content an attacker can turn into script under a host allowlist: JSONP
 * endpoints (a `callback=` parameter echoed into JavaScript) and copies of AngularJS (whose
 * template expressions run code from the page's markup). Allowing such a host in script-src lets
 * an HTML injection run script without `'unsafe-inline'`.
 *
 * Facts gathered from published CSP-bypass research (Google's CSP Evaluator lists, "CSP Is Dead,
 * Long Live CSP", 2016). Each entry gives one known endpoint, so that a source restricted to an
 * unrelated path (`https://www.google.com/recaptcha/`) is not reported. Hosts that serve any npm
 * package (public CDNs) are listed at the root: every version of AngularJS is there.
 */

export type RiskKind = 'jsonp' | 'angularjs'

export interface RiskyHost {
  readonly host: string
  readonly kind: RiskKind
  /** A known dangerous path on the host; `/` when the whole host qualifies. */
  readonly path: string
  /** The JSONP endpoint returns code that only runs through eval(), so it matters only with `'unsafe-eval'`. */
  readonly needsEval?: boolean
}

const jsonp = (host: string, path: string, needsEval = false): RiskyHost => ({ host, kind: 'jsonp', path, ...(needsEval ? { needsEval } : {}) })
const angular = (host: string, path: string): RiskyHost => ({ host, kind: 'angularjs', path })

export const RISKY_HOSTS: readonly RiskyHost[] = Object.freeze([
  // Google: search, accounts, maps, translate and books endpoints answer JSONP.
  jsonp('www.google.com', '/tools/feedback/escalation-options'),
  jsonp('accounts.google.com', '/o/oauth2/revoke'),
  jsonp('clients1.google.com', '/complete/search'),
  jsonp('books.google.com', '/books'),
  jsonp('maps.google.com', '/maps/vt'),
  jsonp('maps.google.de', '/maps/vt'),
  jsonp('maps.google.ru', '/maps/vt'),
  jsonp('www.google.de', '/maps/vt'),
  jsonp('google.ru', '/maps/vt'),
  jsonp('translate.google.com', '/translate_a/l'),
  jsonp('cse.google.com', '/api/'),
  jsonp('translate.googleapis.com', '/translate_a/l'),
  jsonp('maps.googleapis.com', '/maps/api/js/GeoPhotoService.GetMetadata'),
  jsonp('mts0.googleapis.com', '/maps/vt'),
  jsonp('mts1.googleapis.com', '/mapslt/ft'),
  jsonp('mt1.googleapis.com', '/mapslt/ft'),
  jsonp('cbks0.googleapis.com', '/cbk'),
  jsonp('www.googleapis.com', '/freebase/v1/topic/'),
  jsonp('ajax.googleapis.com', '/ajax/services/search/news'),
  angular('ajax.googleapis.com', '/ajax/libs/angularjs/1.2.0rc1/angular-route.min.js'),
  angular('storage.googleapis.com', '/assets-prod.urbansitter.net/us-sym/assets/vendor/angular-sanitize/angular-sanitize.min.js'),
  angular('gstatic.com', '/fsn/angular_js-bundle1.js'),
  angular('www.gstatic.com', '/fsn/angular_js-bundle1.js'),
  jsonp('www.youtube.com', '/profile_style'),
  jsonp('gdata.youtube.com', '/feeds/api/videos/'),
  jsonp('www.blogger.com', '/feeds/'),
  // Google ads and analytics: the tag endpoints hand back code that needs eval().
  jsonp('www.googletagmanager.com', '/gtm/js', true),
  jsonp('googletagmanager.com', '/gtm/js', true),
  jsonp('www.google-analytics.com', '/gtm/js', true),
  jsonp('ssl.google-analytics.com', '/gtm/js', true),
  jsonp('www.googleadservices.com', '/pagead/conversion/', true),
  angular('www.googleadservices.com', '/pageadimg/imgad'),
  jsonp('partner.googleadservices.com', '/gampad/ads'),
  jsonp('googleads.g.doubleclick.net', '/pagead/conversion/'),
  jsonp('securepubads.g.doubleclick.net', '/gampad/ads'),
  jsonp('pagead2.googlesyndication.com', '/relatedsearch'),
  // Social networks and embeds.
  jsonp('api.facebook.com', '/restserver.php'),
  jsonp('www.facebook.com', '/restserver.php'),
  jsonp('graph.facebook.com', '/'),
  jsonp('api.instagram.com', '/v1/tags/'),
  jsonp('syndication.twitter.com', '/widgets/timelines/'),
  jsonp('cdn.syndication.twitter.com', '/moments/'),
  jsonp('cdn.syndication.twimg.com', '/widgets/timelines/'),
  jsonp('publish.twitter.com', '/oembed'),
  jsonp('widgets.pinterest.com', '/v3/pidgets/boards/'),
  jsonp('vimeo.com', '/api/oembed.json/'),
  jsonp('fast.wistia.com', '/embed/medias/'),
  jsonp('links.services.disqus.com', '/api/ping'),
  jsonp('m.addthis.com', '/live/red_lojson/'),
  jsonp('www.sharethis.com', '/get-publisher-info.php'),
  jsonp('api.vk.com', '/method/wall.get'),
  jsonp('connect.mail.ru', '/share_count'),
  // Analytics, ads and other widely embedded services.
  jsonp('api.mixpanel.com', '/track/'),
  jsonp('gum.criteo.com', '/sync'),
  jsonp('ib.adnxs.com', '/jpt'),
  jsonp('pubsub.pubnub.com', '/subscribe/'),
  jsonp('api.userlike.com', '/api/chat/slot/proactive/'),
  jsonp('fellowes.ugc.bazaarvoice.com', '/data/reviews.json'),
  jsonp('tr.indeed.com', '/m/newjobs'),
  jsonp('a.config.skype.com', '/config/v1/'),
  jsonp('dev.virtualearth.net', '/REST/V1/Imagery/Metadata/'),
  jsonp('api.flickr.com', '/services/feeds/photos_friends.gne'),
  jsonp('query.yahooapis.com', '/v1/public/yql'),
  jsonp('pipes.yahooapis.com', '/pipes/pipe.run'),
  jsonp('a.tiles.mapbox.com', '/v3/'),
  jsonp('c.tiles.mapbox.com', '/v3/'),
  jsonp('nominatim.openstreetmap.org', '/'),
  jsonp('se.wikipedia.org', '/w/api.php'),
  jsonp('plugins.mozilla.org', '/en-us/plugins_list.json'),
  jsonp('community.adobe.com', '/CommunityPod/getJSON'),
  jsonp('de.blog.newrelic.com', '/wp-admin/admin-ajax.php'),
  // Yandex, Alibaba, Baidu and Tencent services.
  jsonp('yandex.ru', '/soft/browsers/check'),
  jsonp('mc.yandex.ru', '/watch/'),
  jsonp('an.yandex.ru', '/page/'),
  jsonp('pass.yandex.ru', '/services'),
  jsonp('pass.yandex.com', '/services'),
  jsonp('pass.yandex.ua', '/services'),
  jsonp('share.yandex.net', '/counter/gpp/'),
  jsonp('translate.yandex.net', '/api/v1.5/tr.json/detect'),
  angular('yandex.st', '/angularjs/1.2.16/angular-cookies.min.js'),
  angular('yastatic.net', '/angularjs/1.2.23/angular.min.js'),
  jsonp('suggest.taobao.com', '/sug'),
  jsonp('ynuf.alipay.com', '/service/um.json'),
  jsonp('ccrprod.alipay.com', '/ccr/arriveTime.json'),
  jsonp('offer.alibaba.com', '/market/'),
  jsonp('group.aliexpress.com', '/ajaxAcquireGroupbuyProduct.do'),
  jsonp('detector.alicdn.com', '/2.7.3/index.php'),
  jsonp('api.map.baidu.com', '/'),
  jsonp('gupiao.baidu.com', '/stocks/stockbets'),
  jsonp('wpd.b.qq.com', '/cgi/get_sign.php'),
  jsonp('www.youku.com', '/index_cookielist/s/jsonp'),
  // Public CDNs that serve every npm package, AngularJS included, and its JSONP-capable files.
  jsonp('cdn.jsdelivr.net', '/'),
  angular('cdn.jsdelivr.net', '/'),
  angular('cdnjs.cloudflare.com', '/ajax/libs/angular.js/'),
  angular('unpkg.com', '/'),
  angular('oss.maxcdn.com', '/angularjs/'),
  angular('cdn.bootcss.com', '/angular.js/'),
  angular('cdn.shopify.com', '/s/files/'),
  angular('raw.githubusercontent.com', '/angular/code.angularjs.org/'),
  angular('dl.dropboxusercontent.com', '/u/'),
  angular('s3-eu-west-1.amazonaws.com', '/staticancpa/js/angular-cookies.min.js'),
  angular('www.adobe.com', '/devnet-apps/flashshowcase/lib/angular/'),
  angular('services.amazon.com', '/solution-providers/assets/vendor/angular-cookies.min.js'),
])

/** The known risks a host-source allows, honouring its wildcard and path. */
export function riskyHostsFor(source: string, unsafeEval: boolean): RiskyHost[] {
  const parsed = parseHostSource(source)
  if (!parsed) return []
  return RISKY_HOSTS.filter((entry) => {
    if (entry.needsEval && !unsafeEval) return false
    const hostMatches = parsed.wildcard ? entry.host.endsWith(`.${parsed.host}`) : entry.host === parsed.host
    if (!hostMatches) return false
    if (parsed.path === '' || parsed.path === '/') return true
    // CSP3 path matching: a path ending in "/" is a prefix, any other path must match exactly.
    return parsed.path.endsWith('/') ? entry.path.startsWith(parsed.path) : entry.path === parsed.path
  })
}

/** Host (lower case, without `*.`), whether it had `*.`, and its path. Undefined for non-host sources. */
export function parseHostSource(source: string): { host: string; wildcard: boolean; path: string; port?: string } | undefined {
  if (source.startsWith("'") || source === '*' || /^[a-z][a-z0-9+.-]*:$/i.test(source)) return undefined
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\*\.)?([^/:]+)(?::([0-9]+|\*))?(\/.*)?$/i.exec(source)
  if (!m) return undefined
  return {
    host: m[2]!.toLowerCase().replace(/\.$/, ''),
    wildcard: m[1] !== undefined,
    path: m[4] ?? '',
    ...(m[3] ? { port: m[3] } : {}),
  }
}
