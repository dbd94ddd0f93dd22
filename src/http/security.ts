import helmet from 'helmet';

/**
 * Security headers for the HTML pages. The pages run no script at all and load their one stylesheet from
 * /static/style.css, so the policy forbids scripts and inline styles outright; images in stories may come from any
 * https outlet.
 */
export const pageSecurity = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'https:', 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Stories link out to the outlets; they may see that a reader came from huiju, not which page.
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
});
