"""Which display settings a page renders identically, so axe need not check them twice.

A display setting changes only the class on <html> and the device's media features (colour
scheme, contrast); the document is otherwise the same, byte for byte
(test_display_settings_change_only_the_html_class). An element's computed style is decided
by the document, by the CSS rules that apply to it and by what it inherits. So two settings
give every element the same computed style, and the page the same layout, when

- every style rule of every stylesheet applies to the same elements other than <html> (it
  applies when its @media and @supports conditions hold, as the browser evaluates them with
  the emulated media features, and its selector matches), and
- <html> has the same computed style, every property and custom property (its own rules
  differ from one setting to another: that is how a setting works).

Then axe, which reads only the document, computed styles and layout, finds the same in both.
The images chosen by `srcset` or `<picture>`, and the device's colour scheme where an element
lets the browser choose (`color-scheme: light dark`), follow media features without a rule:
they are part of it too. test_settings_described_alike_have_identical_computed_styles checks
the claim on a real page, property by property; comparing every computed style of every
element on every page instead would cost more than the axe runs it saves.

CASCADE returns that description of the page as a string, or null when the page has
something it cannot describe (a rule of a kind not listed, a selector the browser will not
query, a stylesheet it cannot read): then nothing is taken as the same as anything.
"""

CASCADE = r"""
() => {
  // A pseudo-element's rule applies to its element's box: match the element.
  const PSEUDO_ELEMENT = new RegExp('::?(' + [
    'before', 'after', 'marker', 'placeholder', 'selection', 'first-line', 'first-letter',
    'backdrop', 'file-selector-button', '-webkit-[\\w-]+', '-moz-[\\w-]+',
  ].join('|') + ')(\\([^)]*\\))?', 'g');
  const elements = [...document.querySelectorAll('*')];
  const position = new Map(elements.map((element, index) => [element, index]));
  const root = document.documentElement;
  const parts = [];
  const customProperties = new Set();
  const describe = (rules, inForce) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) {
        describe(rule.cssRules, inForce && matchMedia(rule.media.mediaText).matches);
      } else if (rule instanceof CSSSupportsRule) {
        describe(rule.cssRules, inForce && CSS.supports(rule.conditionText));
      } else if (rule instanceof CSSStyleRule) {
        if (rule.cssRules && rule.cssRules.length) throw new Error('nested: ' + rule.selectorText);
        for (const name of rule.style) if (name.startsWith('--')) customProperties.add(name);
        if (!inForce) { parts.push(''); continue; }
        const selector = rule.selectorText
          .replace(PSEUDO_ELEMENT, '')
          .replace(/(^|,)\s*(?=,|$)/g, '$1*');  // a bare ::selection is any element's
        const matched = document.querySelectorAll(selector);
        parts.push([...matched].filter(e => e !== root).map(e => position.get(e)).join(','));
      } else if (rule instanceof CSSFontFaceRule || rule instanceof CSSKeyframesRule
                 || rule instanceof CSSPageRule) {
        parts.push(rule.cssText);  // the same in every setting
      } else {
        throw new Error('a rule this description does not cover: ' + rule.cssText.slice(0, 80));
      }
    }
  };
  try {
    for (const sheet of document.styleSheets) {
      describe(sheet.cssRules, !sheet.media.length || matchMedia(sheet.media.mediaText).matches);
    }
  } catch (error) {
    return null;
  }
  for (const pseudo of [null, '::before', '::after']) {
    const style = getComputedStyle(root, pseudo);
    const names = [...style, ...customProperties];
    parts.push(names.map(name => name + ':' + style.getPropertyValue(name)).join(';'));
  }
  parts.push([...document.images].map(image => image.currentSrc).join(' '));
  // Forms and scrollbars follow the device's scheme where an element allows both.
  const schemes = elements.map(element => getComputedStyle(element).colorScheme);
  if (schemes.some(scheme => scheme.includes('light') && scheme.includes('dark'))
      || document.querySelector('meta[name="color-scheme"]')) {
    parts.push(matchMedia('(prefers-color-scheme: dark)').matches);
  }
  return parts.join('|');
}
"""
